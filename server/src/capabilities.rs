//! Everything Prongsai does, listed once. `ls capabilities/` and this list name the same
//! things. Each capability brings its routes, migrations, interface text, menu entries,
//! home-page links and jobs (see `prongsai_web::manifest`).

use prongsai_web::Capability;
use sea_orm_migration::{MigrationTrait, MigratorTrait};

pub fn all() -> Vec<Capability> {
    vec![
        prongsai_web::foundation(),
        prongsai_portal::capability(),
        prongsai_profile::capability(),
        prongsai_news::capability(),
        prongsai_documents::capability(),
        prongsai_questions::capability(),
        prongsai_manuals::capability(),
        prongsai_eservices::capability(),
        prongsai_surveys::capability(),
        prongsai_procurement::capability(),
        prongsai_complaints::capability(),
        prongsai_integrity::capability(),
        prongsai_ita::capability(),
        prongsai_plans::capability(),
        prongsai_risks::capability(),
        prongsai_gifts::capability(),
        prongsai_measures::capability(),
        prongsai_assets::capability(),
        prongsai_meetings::capability(),
        prongsai_hr::capability(),
    ]
}

/// The one migrator: every capability's migrations, ordered by name (their names start
/// with a timestamp), so a capability added later slots its tables in by date.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all: Vec<Box<dyn MigrationTrait>> = self::all()
            .into_iter()
            .flat_map(|c| (c.migrations)())
            .collect();
        all.sort_by(|a, b| a.name().cmp(b.name()));
        all
    }
}
