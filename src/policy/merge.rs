//! A document over a preset: the merge, the removals it makes (an empty
//! table, a JSON `null`), and the check that each removed key the preset
//! does not have is a field where it stands, not a typo that removes
//! nothing.

use std::rc::Rc;

use super::read_parts;

/// The one key of the table a JSON `null` member becomes over a preset,
/// which [`merge`] reads as "remove this key"; reserved (a document that
/// writes it is refused).
pub(super) const REMOVED: &str = "\u{1}null";

/// The key (numbered by place) put beside a removed key to learn the
/// fields where it stands: serde names them all when it meets a key that
/// is none of them.
const PROBE: &str = "\u{1}probe";

/// The tags of the externally tagged choices (`contact.zones`,
/// `contact.third_party`): a table naming another one replaces the
/// preset's instead of merging into it, and they are the "fields" of such
/// a table.
const EXTERNAL_TAGS: &[&str] = &["fixed", "debtor_locations", "cn", "us", "uk"];

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seg {
    /// A table's key.
    Key(String),
    /// An array's item.
    Index(usize),
}

/// A key removed where the base has nothing to remove: a field reset (an
/// optional part the preset leaves out) or a misspelt key.
#[derive(Debug, Clone)]
pub(super) struct Removal {
    /// The table it stands in, shared by the removals made there (one copy
    /// of a deep path, not one per key).
    pub(super) parent: Rc<[Seg]>,
    /// The key.
    pub(super) key: String,
}

impl Removal {
    /// Its path from the document's root (`card.late_charge`,
    /// `accrual.late_fees[0].min`).
    fn path(&self) -> String {
        let mut at = self.parent.to_vec();
        at.push(Seg::Key(self.key.clone()));
        dotted(&at)
    }
}

/// The dotted path of `at` (`accrual.late_fees[0]`).
pub(super) fn dotted(at: &[Seg]) -> String {
    let mut s = String::new();
    for seg in at {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Whether `v` is the marker a JSON `null` becomes.
fn is_removed(v: &toml::Value) -> bool {
    matches!(v, toml::Value::Table(t) if t.contains_key(REMOVED))
}

/// Merges `over` into `base` (at path `at`): tables key by key, anything
/// else replaced. An empty table or a removal marker removes the base's
/// key; a table whose `type` differs from the base's (another variant of a
/// tagged choice such as `penalty.rate`), or that names another external
/// tag, or that gives `rows` (the LPR table: rows and their
/// `valid_through` go together), replaces the base's table instead of
/// merging into it. A removal of a key the base does not have is pushed on
/// `removals`, to be checked.
pub(super) fn merge(
    base: &mut toml::Table,
    over: toml::Table,
    at: &mut Vec<Seg>,
    removals: &mut Vec<Removal>,
) {
    let other_tag = |b: &toml::Table, o: &toml::Table| {
        let one = |t: &toml::Table| {
            (t.len() == 1)
                .then(|| t.keys().next().cloned())
                .flatten()
                .filter(|k| EXTERNAL_TAGS.contains(&k.as_str()))
        };
        matches!((one(b), one(o)), (Some(x), Some(y)) if x != y)
    };
    let mut here: Option<Rc<[Seg]>> = None;
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            // An empty table resets the part: its default, `None` for an
            // optional one (`[card]` removes the preset's card rules); so
            // does a JSON `null` (a `REMOVED` table).
            (existing, toml::Value::Table(o)) if o.is_empty() || o.contains_key(REMOVED) => {
                if existing.is_none() {
                    removals.push(Removal {
                        parent: shared(&mut here, at),
                        key: k.clone(),
                    });
                }
                base.remove(&k);
            }
            (Some(toml::Value::Table(b)), toml::Value::Table(o))
                if o.get("type").map_or(true, |t| Some(t) == b.get("type"))
                    && !other_tag(b, &o)
                    && !o.contains_key("rows") =>
            {
                at.push(Seg::Key(k));
                merge(b, o, at, removals);
                at.pop();
            }
            (old, mut v) => {
                at.push(Seg::Key(k.clone()));
                strip_removed(&mut v, old.as_deref(), at, removals);
                at.pop();
                base.insert(k, v);
            }
        }
    }
}

/// Takes the removal markers out of `v` (at path `at`), at any depth, list
/// items included: what `v` replaces (`old`) has nothing of it left. A
/// marker on a key `old` had where it stands is a removal of it (a JSON
/// merge patch that switches a choice nulls the old variant's keys);
/// any other is pushed on `removals`, to be checked.
fn strip_removed(
    v: &mut toml::Value,
    old: Option<&toml::Value>,
    at: &mut Vec<Seg>,
    removals: &mut Vec<Removal>,
) {
    match v {
        toml::Value::Table(t) => {
            let old = old.and_then(toml::Value::as_table);
            let marked: Vec<String> = t
                .iter()
                .filter(|(_, x)| is_removed(x))
                .map(|(k, _)| k.clone())
                .collect();
            let mut here = None;
            for k in marked {
                t.remove(&k);
                if !old.is_some_and(|o| o.contains_key(&k)) {
                    removals.push(Removal {
                        parent: shared(&mut here, at),
                        key: k,
                    });
                }
            }
            for (k, x) in t.iter_mut() {
                at.push(Seg::Key(k.clone()));
                strip_removed(x, old.and_then(|o| o.get(k)), at, removals);
                at.pop();
            }
        }
        toml::Value::Array(a) => {
            let old = old.and_then(toml::Value::as_array);
            for (i, x) in a.iter_mut().enumerate() {
                at.push(Seg::Index(i));
                strip_removed(x, old.and_then(|o| o.get(i)), at, removals);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `at` as the parent its removals share: made on the first, then shared.
pub(super) fn shared(here: &mut Option<Rc<[Seg]>>, at: &[Seg]) -> Rc<[Seg]> {
    Rc::clone(here.get_or_insert_with(|| at.into()))
}

/// Whether `key` is reserved: the removal marker, the probe keys, and
/// any other key starting with `\u{1}`.
pub(super) fn is_reserved(key: &str) -> bool {
    key.starts_with('\u{1}')
}

/// The path of the first reserved key in `t`, at any depth.
pub(super) fn find_reserved(t: &toml::Table) -> Option<String> {
    fn in_value(v: &toml::Value, path: &mut String) -> bool {
        match v {
            toml::Value::Table(t) => in_table(t, path),
            toml::Value::Array(a) => {
                let at = path.len();
                for (i, x) in a.iter().enumerate() {
                    path.push_str(&format!("[{i}]"));
                    if in_value(x, path) {
                        return true;
                    }
                    path.truncate(at);
                }
                false
            }
            _ => false,
        }
    }
    fn in_table(t: &toml::Table, path: &mut String) -> bool {
        let at = path.len();
        for (k, x) in t {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            if is_reserved(k) || in_value(x, path) {
                return true;
            }
            path.truncate(at);
        }
        false
    }
    let mut path = String::new();
    in_table(t, &mut path).then_some(path)
}

/// The most reads [`check_removals`] makes per part: a safety bound well
/// above the places of any part's shape (the negotiation part, the
/// largest, has about 45); places beyond it would be taken as they are.
const MAX_ROUNDS: usize = 256;

/// The removals in one place of the policy's shape, and the fields there
/// once known (`Some(None)`: serde does not list them; taken as is).
struct Place<'a> {
    parent: &'a [Seg],
    removals: Vec<&'a Removal>,
    fields: Option<Option<Vec<String>>>,
}

impl Place<'_> {
    /// The part it is in (`""` for the document's top level).
    fn part(&self) -> &str {
        match self.parent.first() {
            Some(Seg::Key(k)) => k,
            _ => "",
        }
    }
}

/// The problems of `removals` in `doc` (a document that reads, after the
/// merge): each removed key that is not a field where it stands, as
/// serde lists the fields of the table it stands in. The tables are
/// grouped by their place in the policy's shape (list items and their
/// variant alike). Each read probes one place in each part (a part stops
/// at its first problem, so one probe a part tells whose problem it is),
/// reading only the parts with places left: the reads are as many as the
/// places in the busiest part. A place whose probe serde does not name
/// (an untagged value such as a custom currency, a map) is taken as it
/// is; an externally tagged choice (`contact.zones`) lists its tags.
pub(super) fn check_removals(doc: &toml::Table, removals: &[Removal]) -> Vec<String> {
    let mut places: Vec<Place> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Removals made in one table share its path: its shape is found once.
    let mut last: Option<&Rc<[Seg]>> = None;
    let mut found = None;
    for r in removals {
        if !last.is_some_and(|p| Rc::ptr_eq(p, &r.parent)) {
            found = shape(doc, &r.parent);
            last = Some(&r.parent);
        }
        let Some((shape, external)) = found.clone() else {
            continue;
        };
        let k = *index.entry(shape).or_insert_with(|| {
            places.push(Place {
                parent: &r.parent,
                removals: Vec::new(),
                fields: external
                    .then(|| Some(EXTERNAL_TAGS.iter().map(|t| (*t).to_owned()).collect())),
            });
            places.len() - 1
        });
        places[k].removals.push(r);
    }
    for _ in 0..MAX_ROUNDS {
        // The first place left in each part.
        let mut round: Vec<usize> = Vec::new();
        for (k, place) in places.iter().enumerate() {
            if place.fields.is_none() && !round.iter().any(|&j| places[j].part() == place.part()) {
                round.push(k);
            }
        }
        if round.is_empty() {
            break;
        }
        // A probe at the top level stops every part: alone.
        if let Some(&top) = round.iter().find(|&&k| places[k].part().is_empty()) {
            round = vec![top];
        }
        // The parts probed (every part for the top level).
        let mut probe = if places[round[0]].part().is_empty() {
            doc.clone()
        } else {
            doc.iter()
                .filter(|(name, _)| round.iter().any(|&k| places[k].part() == name.as_str()))
                .map(|(name, v)| (name.clone(), v.clone()))
                .collect()
        };
        for &k in &round {
            match table_at(&mut probe, places[k].parent) {
                Some(t) => {
                    t.insert(format!("{PROBE}{k}"), toml::Value::Boolean(true));
                }
                None => places[k].fields = Some(None),
            }
        }
        #[cfg(test)]
        PROBE_READS.with(|n| n.set(n.get() + 1));
        let found = read_parts(probe).err().unwrap_or_default();
        for line in &found {
            if let Some((k, fields)) = probed_fields(line) {
                if let Some(p) = places.get_mut(k) {
                    p.fields = Some(Some(fields));
                }
            }
        }
        // A probe no problem names passed, or failed unnamed.
        for &k in &round {
            if places[k].fields.is_none() {
                places[k].fields = Some(None);
            }
        }
    }
    let mut problems = Vec::new();
    for place in &places {
        let Some(Some(fields)) = &place.fields else {
            continue;
        };
        for r in &place.removals {
            if !fields.contains(&r.key) {
                let listed = if fields.is_empty() {
                    "there are none".to_owned()
                } else {
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                problems.push(format!(
                    "`{}` is removed (an empty table or a null) but `{}` is not a field there \
                     (the fields: {listed})",
                    r.path().escape_debug(),
                    r.key.escape_debug()
                ));
            }
        }
    }
    problems
}

/// Where `parent` stands in the policy's shape: its keys, with list items
/// as `*` and each table's `type` (the variant of a tagged choice), and
/// whether it is an externally tagged choice (one key, a tag); `None` if
/// it is not a table of `doc`.
fn shape(doc: &toml::Table, parent: &[Seg]) -> Option<(String, bool)> {
    let mut s = String::new();
    let mut table = Some(doc);
    let mut array = None;
    for seg in parent {
        let next = match seg {
            Seg::Key(k) => {
                s.push('/');
                s.push_str(&k.escape_debug().to_string().replace('/', "\\/"));
                table?.get(k)?
            }
            Seg::Index(i) => {
                s.push_str("/*");
                let a: &toml::value::Array = array?;
                a.get(*i)?
            }
        };
        table = next.as_table();
        array = next.as_array();
        if let Some(ty) = table
            .and_then(|t| t.get("type"))
            .and_then(toml::Value::as_str)
        {
            s.push_str(&format!("[{}]", ty.escape_debug()));
        }
    }
    let table = table?;
    let external = table.len() == 1 && table.keys().all(|k| EXTERNAL_TAGS.contains(&k.as_str()));
    Some((s, external))
}

/// The table at `path` in `doc`, if there is one.
fn table_at<'a>(doc: &'a mut toml::Table, path: &[Seg]) -> Option<&'a mut toml::Table> {
    let mut cur = doc;
    let mut i = 0;
    while i < path.len() {
        let Seg::Key(k) = &path[i] else {
            return None;
        };
        let mut v = cur.get_mut(k)?;
        i += 1;
        // Through list items to the next table.
        while let Some(Seg::Index(n)) = path.get(i) {
            v = v.as_array_mut()?.get_mut(*n)?;
            i += 1;
        }
        cur = v.as_table_mut()?;
    }
    Some(cur)
}

/// The place a probe key names in a problem line, and the fields serde
/// lists there (``unknown field `\u{1}probe3`, expected one of `a`, `b` ``).
fn probed_fields(problem: &str) -> Option<(usize, Vec<String>)> {
    let marker = format!("unknown field `{PROBE}");
    let rest = &problem[problem.find(&marker)? + marker.len()..];
    let (k, rest) = rest.split_once("`, ")?;
    let k = k.parse().ok()?;
    if rest.starts_with("there are no fields") {
        return Some((k, Vec::new()));
    }
    let rest = rest.strip_prefix("expected ")?;
    Some((
        k,
        rest.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect(),
    ))
}

#[cfg(test)]
thread_local! {
    static PROBE_READS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many probe reads this thread has made (for the tests).
#[cfg(test)]
pub(super) fn probe_reads() -> u64 {
    PROBE_READS.with(std::cell::Cell::get)
}
