//! Who may do what with questions.

use prongsai_kernel::{Permission, Role};

/// Read the queue (with the askers' contact details, to reply privately), answer
/// questions and edit published answers.
pub struct AnswerQuestions;
impl Permission for AnswerQuestions {
    const CODE: &'static str = "answer_questions";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Reject a question as spam.
pub struct ModerateQuestions;
impl Permission for ModerateQuestions {
    const CODE: &'static str = "moderate_questions";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
