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
    /// Include drafts and pages dated in the future.
    #[arg(long)]
    pub drafts: bool,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub jobs: usize,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}
