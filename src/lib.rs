//! imr-search
