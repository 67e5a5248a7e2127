//! The command line, as typed: one clap struct per subcommand. Validation beyond what clap
//! does happens in the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "ltc-hub", version, about = "Builds the Libraries Transforming Communities resource hub")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate everything a build would, plus links, anchors and accessibility lints; write nothing.
    Check(CheckArgs),
    /// Write a new draft page with the front matter its section needs.
    New(NewArgs),
    /// Write one JSON Schema per collection, for editors' YAML tooling.
    Schema(SchemaArgs),
    /// Build with drafts, serve the site locally and reload open pages on every change.
    Serve(ServeArgs),
    /// Rebuild into the output folder on every change, for use behind another web server.
    Watch(WatchArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// The port to listen on; the next free one is used if it is taken (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Show drafts and future pages (serve always does; accepted for symmetry with build).
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Serve under this URL's path, e.g. https://example.org/ltc/ serves at /ltc/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// The environment: layers site.ENV.yaml over site.yaml (default: $LTC_HUB_ENV, else production).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Let the forms under /admin/ save into content/ (Decap CMS's proxy backend); this machine only.
    #[arg(long)]
    pub edit: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The folder that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Include drafts and pages dated in the future.
    #[arg(long)]
    pub drafts: bool,
    /// Override site.yaml's base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// The environment: layers site.ENV.yaml over site.yaml (default: $LTC_HUB_ENV, else production).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The folder that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// How to print findings: human (default), json (one object per line), github (annotations).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Check drafts and future pages too.
    #[arg(long)]
    pub drafts: bool,
    /// Override site.yaml's base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// The environment: layers site.ENV.yaml over site.yaml (default: $LTC_HUB_ENV, else production).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Also check every outside http(s) link (network; results kept in ROOT/.ltc-hub/links.json).
    #[arg(long)]
    pub external: bool,
    /// With --external: rewrite permanently redirected links in the Markdown and print a diff.
    #[arg(long, requires = "external")]
    pub fix_moved: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The section folder under content/, e.g. case-studies or trainings.
    pub section: String,
    /// The page title; the file name is made from it.
    pub title: String,
    /// The folder that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The folder that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the schemas (default: ROOT/schemas).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The folder that holds site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override site.yaml's base_url, e.g. https://example.org/ltc/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// The environment: layers site.ENV.yaml over site.yaml (default: $LTC_HUB_ENV, else production).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Include drafts and pages dated in the future.
    #[arg(long)]
    pub drafts: bool,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub jobs: usize,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// If another build is writing to the same output folder, fail at once (exit code 1)
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}
