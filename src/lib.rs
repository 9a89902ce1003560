//! # imr-search
//!
//! Fast, exact full-text search over California workers' compensation
//! Independent Medical Review (IMR) decision letters.
//!
//! The data flows through the modules in this order:
//!
//! 1. [`corpus`] walks folders and reads letters, decoding their bytes;
//! 2. [`extract`] turns a letter's text into a typed [`model::Decision`],
//!    normalising treatments and guidelines through [`taxonomy`];
//! 3. [`index`] writes decisions into a tantivy index, one document per
//!    disputed item (rayon-parallel);
//! 4. [`query`] reads user queries, searches, counts facets and snippets.
//!
//! [`generate`] writes realistic synthetic letters with their truth, for
//! demos, tests and benchmarks.
#![warn(missing_docs)]

pub mod corpus;
pub mod error;
pub mod extract;
pub mod generate;
pub mod index;
pub mod model;
pub mod query;
pub mod taxonomy;

pub use error::{Error, Result};
