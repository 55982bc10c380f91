//! The published snapshot turned into what the pages draw: the structure chart of each
//! side as a flat list of steps (templates cannot recurse), the executives, the
//! contact details, in the visitor's language.

use std::collections::{HashMap, HashSet};

use crate::model::{Branch, Group};
use crate::store::{PositionSnapshot, ProfileSnapshot, VillageRow, osm_url};

/// One box of the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartBox {
    pub id: i64,
    pub title: String,
    /// The title split for line breaking: a closing number phrase ("หมู่ที่ 14",
    /// "คนที่ 2") is kept on one line.
    pub title_head: String,
    pub title_tail: String,
    /// The division or unit the post heads or belongs to, when the title does not
    /// already say it.
    pub unit: String,
    /// `None` for a vacant post.
    pub person: Option<String>,
    pub photo: Option<String>,
    pub alt: String,
    /// The group code, for the box's style.
    pub group: &'static str,
}

/// One step of drawing a tree as nested lists: open an item (closed at once when it
/// has no children), open its children's list, or close a list and its item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub node: Option<ChartBox>,
    pub leaf: bool,
    /// Opens the children's list; `grid` lays many leaf children out in rows.
    pub down: bool,
    pub grid: bool,
}

impl Step {
    fn node(b: ChartBox, leaf: bool) -> Self {
        Self {
            node: Some(b),
            leaf,
            down: false,
            grid: false,
        }
    }
    fn down(grid: bool) -> Self {
        Self {
            node: None,
            leaf: false,
            down: true,
            grid,
        }
    }
    fn up() -> Self {
        Self {
            node: None,
            leaf: false,
            down: false,
            grid: false,
        }
    }
}

/// The tree under one top post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartTree {
    /// Locale key naming the body the top post leads (คณะผู้บริหาร, สภา...).
    pub heading_key: &'static str,
    pub steps: Vec<Step>,
}

/// One side of the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartSide {
    pub branch: &'static str,
    pub heading_key: &'static str,
    pub trees: Vec<ChartTree>,
}

/// An executive (`/about/executives`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonCard {
    pub title: String,
    pub unit: String,
    pub person: Option<String>,
    pub photo: Option<String>,
    pub alt: String,
    pub phone: String,
    /// `tel:` target of the first number.
    pub tel: String,
    pub email: String,
}

/// Executives of one side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleGroup {
    pub heading_key: &'static str,
    pub people: Vec<PersonCard>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LawView {
    pub title: String,
    pub url: String,
    pub file: Option<String>,
    pub file_size: String,
}

/// Everything a profile page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileView {
    pub name: String,
    pub place: String,
    pub address: String,
    pub phone: String,
    pub tel: String,
    pub email: String,
    pub office_hours: String,
    pub powers: String,
    pub vision: String,
    pub mission: String,
    pub latitude: String,
    pub longitude: String,
    pub osm_url: Option<String>,
    pub line_url: String,
    pub facebook_url: String,
    pub sides: Vec<ChartSide>,
    pub executives: Vec<PeopleGroup>,
    pub laws: Vec<LawView>,
    pub villages: Vec<VillageRow>,
}

/// The `tel:` form of the first number in a phone field ("044-123456 ต่อ 12" →
/// "044123456").
pub fn tel_href(phone: &str) -> String {
    let first = phone.split([',', '/']).next().unwrap_or("");
    let first = first.split("ต่อ").next().unwrap_or("");
    prongsai_thai::to_arabic_digits(first)
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

pub fn size_label(bytes: i64) -> String {
    let b = bytes as f64;
    if b >= 1_048_576.0 {
        format!("{:.1} MB", b / 1_048_576.0)
    } else {
        format!("{:.0} KB", (b / 1024.0).max(1.0))
    }
}

fn pick(en: bool, th: &str, en_text: &str) -> String {
    if en && !en_text.trim().is_empty() {
        en_text.to_owned()
    } else {
        th.to_owned()
    }
}

fn group_code(p: &PositionSnapshot) -> &'static str {
    p.group().map_or("division", Group::code)
}

/// The alt text of a person's photo: "รูปถ่าย <ชื่อ> <ตำแหน่ง>".
pub fn photo_alt(en: bool, name: &str, title: &str) -> String {
    match (en, name.trim().is_empty()) {
        (false, false) => format!("รูปถ่าย {name} {title}"),
        (false, true) => format!("รูปถ่าย {title}"),
        (true, false) => format!("Photo of {name}, {title}"),
        (true, true) => format!("Photo: {title}"),
    }
}

/// Splits "สมาชิกสภา... หมู่ที่ 14" into the text and its closing number phrase, so that
/// a number never starts a line on its own.
pub fn split_number_tail(title: &str) -> (String, String) {
    let is_number = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c) || c == '(' || c == ')')
    };
    let words: Vec<&str> = title.split(' ').collect();
    match words.as_slice() {
        [.., last] if words.len() >= 2 && is_number(last) => {
            let take = if words.len() >= 3 && words[words.len() - 2].chars().count() <= 8 {
                2
            } else {
                1
            };
            let cut = words.len() - take;
            (words[..cut].join(" "), words[cut..].join("\u{a0}"))
        }
        _ => (title.to_owned(), String::new()),
    }
}

fn chart_box(p: &PositionSnapshot, en: bool) -> ChartBox {
    let title = pick(en, &p.title_th, &p.title_en);
    let unit = pick(en, &p.division_th, &p.division_en);
    let unit = if unit.is_empty() || title.contains(&unit) || p.title_th.contains(&p.division_th) {
        String::new()
    } else {
        unit
    };
    let person = Some(p.person_name.trim().to_owned()).filter(|n| !n.is_empty());
    let (title_head, title_tail) = split_number_tail(&title);
    ChartBox {
        id: p.id,
        alt: photo_alt(en, person.as_deref().unwrap_or(""), &title),
        title_head,
        title_tail,
        photo: p.photo.as_ref().map(|f| f.path()),
        title,
        unit,
        person,
        group: group_code(p),
    }
}

/// More leaf children than this are drawn in rows rather than one line each.
const GRID_AFTER: usize = 4;

struct Forest<'a> {
    children: HashMap<Option<i64>, Vec<&'a PositionSnapshot>>,
}

impl<'a> Forest<'a> {
    /// The posts of one side, each under its parent when the parent is on the same side
    /// (otherwise it starts a tree of its own), siblings by sort order.
    fn new(all: &'a [PositionSnapshot], branch: Branch) -> Self {
        let side: Vec<&PositionSnapshot> =
            all.iter().filter(|p| p.branch == branch.code()).collect();
        let ids: HashSet<i64> = side.iter().map(|p| p.id).collect();
        let mut children: HashMap<Option<i64>, Vec<&PositionSnapshot>> = HashMap::new();
        for p in side {
            let parent = p.parent_id.filter(|id| ids.contains(id) && *id != p.id);
            children.entry(parent).or_default().push(p);
        }
        for list in children.values_mut() {
            list.sort_by_key(|p| (p.sort_order, p.id));
        }
        // A parent chain that loops (not possible through the forms) would leave posts
        // unreachable from any root; make each of them a root so nobody disappears.
        let mut forest = Self { children };
        let reachable = forest.reachable();
        let orphans: Vec<&PositionSnapshot> = all
            .iter()
            .filter(|p| p.branch == branch.code() && !reachable.contains(&p.id))
            .collect();
        if !orphans.is_empty() {
            for list in forest.children.values_mut() {
                list.retain(|p| reachable.contains(&p.id));
            }
            forest.children.entry(None).or_default().extend(orphans);
        }
        forest
    }

    fn kids(&self, id: Option<i64>) -> &[&'a PositionSnapshot] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    fn reachable(&self) -> HashSet<i64> {
        let mut seen = HashSet::new();
        let mut stack: Vec<&PositionSnapshot> = self.kids(None).to_vec();
        while let Some(p) = stack.pop() {
            if seen.insert(p.id) {
                stack.extend(self.kids(Some(p.id)).iter().copied());
            }
        }
        seen
    }

    fn roots(&self) -> &[&'a PositionSnapshot] {
        self.kids(None)
    }

    fn draw(&self, p: &PositionSnapshot, en: bool, seen: &mut HashSet<i64>, out: &mut Vec<Step>) {
        if !seen.insert(p.id) {
            return;
        }
        let kids: Vec<&PositionSnapshot> = self
            .kids(Some(p.id))
            .iter()
            .copied()
            .filter(|k| !seen.contains(&k.id))
            .collect();
        out.push(Step::node(chart_box(p, en), kids.is_empty()));
        if kids.is_empty() {
            return;
        }
        let grid = kids.len() > GRID_AFTER && kids.iter().all(|k| self.kids(Some(k.id)).is_empty());
        out.push(Step::down(grid));
        for k in kids {
            self.draw(k, en, seen, out);
        }
        out.push(Step::up());
    }
}

fn council_key(kind: &str) -> &'static str {
    match kind {
        "municipality" => "profile.group.council_municipality",
        "pao" => "profile.group.council_pao",
        _ => "profile.group.council_sao",
    }
}

fn group_key(group: Option<Group>, kind: &str) -> &'static str {
    match group {
        Some(Group::Executive) => "profile.group.executive",
        Some(Group::Council) => council_key(kind),
        Some(Group::Management) => "profile.group.management",
        Some(Group::Division) | None => "profile.group.division",
    }
}

/// The chart of one side.
pub fn chart_side(s: &ProfileSnapshot, branch: Branch, en: bool) -> ChartSide {
    let forest = Forest::new(&s.positions, branch);
    let mut seen = HashSet::new();
    let trees = forest
        .roots()
        .iter()
        .map(|root| {
            let mut steps = Vec::new();
            forest.draw(root, en, &mut seen, &mut steps);
            ChartTree {
                heading_key: group_key(root.group(), &s.organization.kind),
                steps,
            }
        })
        .filter(|t: &ChartTree| !t.steps.is_empty())
        .collect();
    ChartSide {
        branch: branch.code(),
        heading_key: match branch {
            Branch::Political => "profile.branch.political",
            Branch::Permanent => "profile.branch.permanent",
        },
        trees,
    }
}

/// Posts of a side in reading order.
pub fn in_chart_order(s: &ProfileSnapshot, branch: Branch) -> Vec<&PositionSnapshot> {
    outline(s, branch).into_iter().map(|(_, p)| p).collect()
}

/// Posts of a side in reading order with their depth (staff lists, select boxes).
pub fn outline(s: &ProfileSnapshot, branch: Branch) -> Vec<(usize, &PositionSnapshot)> {
    let forest = Forest::new(&s.positions, branch);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    fn go<'a>(
        f: &Forest<'a>,
        p: &'a PositionSnapshot,
        depth: usize,
        seen: &mut HashSet<i64>,
        out: &mut Vec<(usize, &'a PositionSnapshot)>,
    ) {
        if !seen.insert(p.id) {
            return;
        }
        out.push((depth, p));
        for k in f.kids(Some(p.id)) {
            go(f, k, depth + 1, seen, out);
        }
    }
    for root in forest.roots() {
        go(&forest, root, 0, &mut seen, &mut out);
    }
    out
}

fn person_card(p: &PositionSnapshot, en: bool) -> PersonCard {
    let b = chart_box(p, en);
    PersonCard {
        title: b.title,
        unit: b.unit,
        person: b.person,
        photo: b.photo,
        alt: b.alt,
        tel: tel_href(&p.phone),
        phone: p.phone.clone(),
        email: p.email.clone(),
    }
}

pub fn profile_view(s: &ProfileSnapshot, en: bool) -> ProfileView {
    let o = &s.organization;
    let place = if en && !o.district_en.is_empty() {
        format!("{} District, {}", o.district_en, o.province_en)
    } else {
        let sub = if o.subdistrict_th.is_empty() {
            String::new()
        } else {
            format!("ตำบล{} ", o.subdistrict_th)
        };
        format!("{sub}อำเภอ{} จังหวัด{}", o.district_th, o.province_th)
    };
    let executives = [
        (Branch::Political, "profile.executives_political"),
        (Branch::Permanent, "profile.executives_permanent"),
    ]
    .into_iter()
    .map(|(branch, key)| PeopleGroup {
        heading_key: key,
        people: in_chart_order(s, branch)
            .into_iter()
            .filter(|p| p.is_executive())
            .map(|p| person_card(p, en))
            .collect(),
    })
    .filter(|g| !g.people.is_empty())
    .collect();
    let (latitude, longitude) = match (&s.latitude, &s.longitude) {
        (Some(a), Some(b)) => (a.clone(), b.clone()),
        _ => (String::new(), String::new()),
    };
    ProfileView {
        name: pick(en, &o.name_th, &o.name_en),
        place,
        address: o.address_th.clone(),
        tel: tel_href(&o.phone),
        phone: o.phone.clone(),
        email: o.email.clone(),
        office_hours: s.office_hours.clone(),
        powers: s.powers_and_duties.clone(),
        vision: s.vision.clone(),
        mission: s.mission.clone(),
        osm_url: (!latitude.is_empty()).then(|| osm_url(&latitude, &longitude)),
        latitude,
        longitude,
        line_url: s.line_url.clone(),
        facebook_url: s.facebook_url.clone(),
        sides: Branch::ALL
            .into_iter()
            .map(|b| chart_side(s, b, en))
            .collect(),
        executives,
        laws: s
            .laws
            .iter()
            .map(|l| LawView {
                title: l.title.clone(),
                url: l.url.clone(),
                file: l.file.as_ref().map(|f| f.path()),
                file_size: l
                    .file
                    .as_ref()
                    .map(|f| size_label(f.size_bytes))
                    .unwrap_or_default(),
            })
            .collect(),
        villages: s.villages.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OrganizationInfo;

    fn p(id: i64, group: Group, parent: Option<i64>, order: i32) -> PositionSnapshot {
        PositionSnapshot {
            id,
            branch: group.branch().code().into(),
            group: group.code().into(),
            title_th: format!("ตำแหน่ง {id}"),
            title_en: String::new(),
            person_name: String::new(),
            phone: String::new(),
            email: String::new(),
            photo: None,
            parent_id: parent,
            division_id: None,
            division_th: String::new(),
            division_en: String::new(),
            sort_order: order,
        }
    }

    fn snapshot(positions: Vec<PositionSnapshot>) -> ProfileSnapshot {
        ProfileSnapshot {
            organization: OrganizationInfo {
                kind: "sao".into(),
                name_th: "อบต.".into(),
                name_en: String::new(),
                subdistrict_th: "กุดจอก".into(),
                district_th: "บัวใหญ่".into(),
                province_th: "นครราชสีมา".into(),
                district_en: String::new(),
                province_en: String::new(),
                address_th: String::new(),
                phone: String::new(),
                email: String::new(),
            },
            powers_and_duties: String::new(),
            vision: String::new(),
            mission: String::new(),
            office_hours: String::new(),
            latitude: None,
            longitude: None,
            line_url: String::new(),
            facebook_url: String::new(),
            positions,
            laws: vec![],
            villages: vec![],
            attachments: vec![],
        }
    }

    fn shape(steps: &[Step]) -> String {
        steps
            .iter()
            .map(|s| match (&s.node, s.down, s.grid) {
                (Some(b), _, _) => format!("{}{}", b.id, if s.leaf { "." } else { "" }),
                (None, true, true) => "[#".into(),
                (None, true, false) => "[".into(),
                (None, false, _) => "]".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn trees_are_drawn_depth_first_with_siblings_in_order() {
        let s = snapshot(vec![
            p(1, Group::Management, None, 10),
            p(2, Group::Management, Some(1), 20),
            p(3, Group::Division, Some(2), 20),
            p(4, Group::Division, Some(2), 10),
            p(5, Group::Division, Some(1), 10),
            p(6, Group::Executive, None, 10),
        ]);
        let side = chart_side(&s, Branch::Permanent, false);
        assert_eq!(side.trees.len(), 1);
        assert_eq!(shape(&side.trees[0].steps), "1 [ 5. 2 [ 4. 3. ] ]");
        let political = chart_side(&s, Branch::Political, false);
        assert_eq!(shape(&political.trees[0].steps), "6.");
        assert_eq!(political.trees[0].heading_key, "profile.group.executive");
    }

    #[test]
    fn many_leaves_go_in_rows_and_loops_lose_nobody() {
        let mut positions = vec![p(1, Group::Council, None, 0)];
        positions.extend((2..=8).map(|i| p(i, Group::Council, Some(1), i as i32)));
        let s = snapshot(positions);
        let side = chart_side(&s, Branch::Political, false);
        assert_eq!(shape(&side.trees[0].steps), "1 [# 2. 3. 4. 5. 6. 7. 8. ]");
        assert_eq!(side.trees[0].heading_key, "profile.group.council_sao");
        // 10 -> 11 -> 10: both still drawn.
        let s = snapshot(vec![
            p(10, Group::Division, Some(11), 0),
            p(11, Group::Division, Some(10), 0),
        ]);
        let side = chart_side(&s, Branch::Permanent, false);
        let drawn: usize = side
            .trees
            .iter()
            .map(|t| t.steps.iter().filter(|s| s.node.is_some()).count())
            .sum();
        assert_eq!(drawn, 2);
    }

    #[test]
    fn closing_numbers_stay_with_their_words() {
        assert_eq!(
            split_number_tail("สมาชิกสภาองค์การบริหารส่วนตำบล หมู่ที่ 14"),
            ("สมาชิกสภาองค์การบริหารส่วนตำบล".into(), "หมู่ที่\u{a0}14".into())
        );
        assert_eq!(
            split_number_tail("Council Member, Village 3"),
            ("Council Member,".into(), "Village\u{a0}3".into())
        );
        assert_eq!(split_number_tail("ปลัด 2"), ("ปลัด".into(), "2".into()));
        assert_eq!(
            split_number_tail("หัวหน้าสำนักปลัด"),
            ("หัวหน้าสำนักปลัด".into(), String::new())
        );
    }

    #[test]
    fn people_texts() {
        assert_eq!(
            photo_alt(false, "นายสมชาย ใจดี", "นายก"),
            "รูปถ่าย นายสมชาย ใจดี นายก"
        );
        assert_eq!(photo_alt(false, "", "ปลัด"), "รูปถ่าย ปลัด");
        assert_eq!(tel_href("๐๔๔-๑๒๓๔๕๖ ต่อ 12"), "044123456");
        assert_eq!(tel_href("+66 44 123 456, 081"), "+6644123456");
        let s = snapshot(vec![
            p(1, Group::Executive, None, 0),
            p(2, Group::Council, None, 0),
            p(3, Group::Management, None, 0),
        ]);
        let v = profile_view(&s, false);
        assert_eq!(v.place, "ตำบลกุดจอก อำเภอบัวใหญ่ จังหวัดนครราชสีมา");
        assert_eq!(v.executives.len(), 2);
        assert_eq!(v.executives[0].people.len(), 1);
        assert_eq!(v.osm_url, None);
    }
}
