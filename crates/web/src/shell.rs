//! What every page's layout needs: the organization, the language, the CSRF token, the
//! signed-in staff member's menu. Each template struct has a `shell: Shell` field.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use prongsai_kernel::Tenant;
use prongsai_thai::{Digits, MonthStyle};

use crate::i18n::Lang;
use crate::state::AppState;

/// Thailand has one time zone, UTC+7, without daylight saving.
pub fn thailand() -> FixedOffset {
    #[expect(clippy::expect_used, reason = "a constant, valid offset")]
    FixedOffset::east_opt(7 * 3600).expect("UTC+7")
}

/// The signed-in staff member, for the layout.
#[derive(Clone, Debug)]
pub struct StaffNav {
    pub display_name: String,
    pub menu: Vec<(String, &'static str)>,
}

#[derive(Clone)]
pub struct Shell {
    pub lang: Lang,
    pub tenant: Tenant,
    pub csrf: String,
    /// The request path (without query), for the language switch and the menu.
    pub path: String,
    pub staff: Option<StaffNav>,
    /// Page title for `<title>` (set by each page).
    pub title: String,
    pub state: AppState,
}

impl Shell {
    /// Interface text for `key` in the page's language.
    pub fn t(&self, key: impl AsRef<str>) -> &str {
        self.state.locales.get(self.lang, key.as_ref())
    }

    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn org_name(&self) -> &str {
        if self.lang == Lang::En && !self.tenant.name_en.is_empty() {
            &self.tenant.name_en
        } else {
            &self.tenant.name_th
        }
    }

    /// "อำเภอบัวใหญ่ จังหวัดนครราชสีมา" / "Bua Yai District, Nakhon Ratchasima".
    pub fn org_place(&self) -> String {
        let t = &self.tenant;
        if self.lang == Lang::En && !t.district_en.is_empty() {
            format!("{} District, {}", t.district_en, t.province_en)
        } else {
            format!("อำเภอ{} จังหวัด{}", t.district_th, t.province_th)
        }
    }

    /// Link that switches the language and comes back to this page.
    pub fn lang_switch_href(&self) -> String {
        format!(
            "/lang?to={}&back={}",
            self.lang.other().code(),
            crate::error::urlencode(&self.path)
        )
    }

    pub fn lang_switch_label(&self) -> &'static str {
        match self.lang {
            Lang::Th => "English",
            Lang::En => "ภาษาไทย",
        }
    }

    /// A date as people read it: "10 ต.ค. 2565" or "10 October 2022".
    pub fn date(&self, date: &NaiveDate) -> String {
        match self.lang {
            Lang::Th => prongsai_thai::format_date(*date, MonthStyle::Abbreviated, Digits::Arabic),
            Lang::En => prongsai_thai::format_date_en(*date),
        }
    }

    /// A date in full: "10 ตุลาคม 2565".
    pub fn date_long(&self, date: &NaiveDate) -> String {
        match self.lang {
            Lang::Th => prongsai_thai::format_date(*date, MonthStyle::Full, Digits::Arabic),
            Lang::En => prongsai_thai::format_date_en(*date),
        }
    }

    /// A moment, in Thailand's time: "10 ต.ค. 2565 เวลา 14:05 น.".
    pub fn datetime(&self, at: &DateTime<Utc>) -> String {
        let local = at.with_timezone(&thailand()).naive_local();
        match self.lang {
            Lang::Th => {
                prongsai_thai::format_datetime(local, MonthStyle::Abbreviated, Digits::Arabic)
            }
            Lang::En => format!(
                "{} {}",
                prongsai_thai::format_date_en(local.date()),
                local.format("%H:%M")
            ),
        }
    }

    /// Whether the menu entry `href` is the current section.
    pub fn is_current(&self, href: &str) -> bool {
        self.path == href || (href != "/staff" && self.path.starts_with(&format!("{href}/")))
    }
}
