//! Forms for front matter. A collection's fields are described once, as JSON Schema
//! ([`schema`]: `ltc-hub schema` writes it for editors' YAML tooling), and the Decap CMS forms
//! ([`decap`]: `admin/config.yml` and `admin/index.html`, written with `outputs.cms`) are made
//! from that same description, field by field, so the two cannot disagree.
//!
//! *Invariant:* pure functions of the configuration (and the sections' keys); no I/O.

pub mod decap;
pub mod schema;
