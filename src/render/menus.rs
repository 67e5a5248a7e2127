//! `menus` as templates see it on one output: each menu of site.yaml a list of entries with
//! `name`, `url`, `children`, `current` (the entry is this output's URL) and `active` (current,
//! or an ancestor of the current page: one of its children is active, or the current URL lies
//! under the entry's, the home page aside).

use tera::Value;
use tera::value::{Key, Map};

use super::context::map;
use crate::site::Site;
use crate::site::menus::MenuItem;

/// The `menus` value for the output at `current` (a root-relative URL, e.g. `/ltc/trainings/`).
pub(crate) fn view(site: &Site, current: &str) -> Value {
    let mut menus = Map::with_capacity(site.menus.len());
    for (name, items) in site.menus.iter() {
        menus.insert(Key::from(name.clone()), Value::from(entries(items, current, &site.config.base_path).0));
    }
    Value::from(menus)
}

/// The entries' values, and whether one of them is active.
fn entries(items: &[MenuItem], current: &str, base_path: &str) -> (Vec<Value>, bool) {
    let mut any = false;
    let values = items
        .iter()
        .map(|item| {
            let (children, child_active) = entries(&item.children, current, base_path);
            let here = item.url == current;
            let under = item.url != base_path && item.url.ends_with('/') && current.starts_with(&item.url);
            let active = here || child_active || under;
            any |= active;
            map(vec![
                ("name", Value::from(item.name.as_str())),
                ("url", Value::from(item.url.as_str())),
                ("children", Value::from(children)),
                ("current", Value::from(here)),
                ("active", Value::from(active)),
            ])
        })
        .collect();
    (values, any)
}
