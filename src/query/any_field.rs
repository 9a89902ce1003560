//! "This word in any of these fields": a union that scores lazily.
//!
//! Every free-text word is looked for in the treatment as written, the
//! rationale and the summary, and a query of several words requires each of
//! those unions. tantivy's `BooleanQuery` builds such a union as a
//! `BufferedUnionScorer`, which scores every document of a 4,096-document
//! window as it fills it: right for a union read from end to end, wasteful
//! inside an intersection, where a common word ("pain" is in almost every
//! item) is only asked about the few documents the rarer word matches, yet
//! gets every document around them scored. [`AnyFieldQuery`] keeps its
//! clauses' scorers side by side, moves only those behind the target, and
//! scores a document only when asked, so an intersection pays for the
//! documents it keeps. Scores are the same sums, in the same clause order.

use std::fmt;

use tantivy::query::{
    BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Matches a document matched by any clause; its score is the sum of the
/// matching clauses' scores.
pub struct AnyFieldQuery {
    clauses: Vec<Box<dyn Query>>,
}

impl AnyFieldQuery {
    /// A union of `clauses` (usually one boosted term query per field).
    pub fn new(clauses: Vec<Box<dyn Query>>) -> AnyFieldQuery {
        AnyFieldQuery { clauses }
    }

    /// The same union as a `BooleanQuery` of optional clauses, whose
    /// buffered union is the faster one when nothing else is required and
    /// the union is read from end to end.
    pub fn into_boolean(self) -> BooleanQuery {
        BooleanQuery::new(
            self.into_clauses()
                .into_iter()
                .map(|clause| (Occur::Should, clause))
                .collect(),
        )
    }

    /// The clauses, in order.
    pub fn into_clauses(self) -> Vec<Box<dyn Query>> {
        self.clauses
    }
}

impl Clone for AnyFieldQuery {
    fn clone(&self) -> AnyFieldQuery {
        AnyFieldQuery {
            clauses: self
                .clauses
                .iter()
                .map(|clause| clause.box_clone())
                .collect(),
        }
    }
}

impl fmt::Debug for AnyFieldQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.clauses).finish()
    }
}

impl Query for AnyFieldQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyFieldWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct AnyFieldWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for AnyFieldWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.pop().expect("one scorer"),
            _ => Box::new(LazyUnionScorer::new(scorers)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut details = Vec::new();
        for weight in &self.weights {
            if let Ok(detail) = weight.explain(reader, doc) {
                details.push(detail);
            }
        }
        if details.is_empty() {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let total = details.iter().map(Explanation::value).sum();
        let mut explanation = Explanation::new("sum of the fields that match", total);
        for detail in details {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

/// The union itself: every child is on a document at or after `doc`, and
/// those on `doc` are the matching ones. Each child's document is kept
/// beside it, so moving and scoring ask the (boxed) children only what
/// changes.
struct LazyUnionScorer<S> {
    children: Vec<S>,
    docs: Vec<DocId>,
    doc: DocId,
}

impl<S: Scorer> LazyUnionScorer<S> {
    fn new(children: Vec<S>) -> LazyUnionScorer<S> {
        let docs: Vec<DocId> = children.iter().map(|child| child.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        LazyUnionScorer {
            children,
            docs,
            doc,
        }
    }
}

impl<S: Scorer> DocSet for LazyUnionScorer<S> {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        if current == TERMINATED {
            return TERMINATED;
        }
        let mut next = TERMINATED;
        for (child, doc) in self.children.iter_mut().zip(self.docs.iter_mut()) {
            if *doc == current {
                *doc = child.advance();
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (child, doc) in self.children.iter_mut().zip(self.docs.iter_mut()) {
            if *doc < target {
                *doc = child.seek(target);
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|child| child.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.children.iter().map(|child| child.cost()).sum()
    }
}

impl<S: Scorer> Scorer for LazyUnionScorer<S> {
    fn score(&mut self) -> Score {
        let current = self.doc;
        let mut total = 0.0;
        for (child, doc) in self.children.iter_mut().zip(&self.docs) {
            if *doc == current {
                total += child.score();
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index};

    /// Two fields, documents chosen so every combination occurs.
    fn index() -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            ("knee pain", "arthroscopy requested"),
            ("shoulder", "pain in the knee"),
            ("knee", "knee knee"),
            ("back", "no match here"),
            ("lumbar", "pain"),
            ("pain", "knee"),
        ];
        for _ in 0..40 {
            for (t, b) in texts {
                writer.add_document(doc!(title => t, body => b)).unwrap();
            }
        }
        writer.commit().unwrap();
        (index, title, body)
    }

    fn word(fields: &[(tantivy::schema::Field, f32)], text: &str) -> Vec<Box<dyn Query>> {
        fields
            .iter()
            .map(|(field, boost)| {
                let term = TermQuery::new(
                    Term::from_field_text(*field, text),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(term), *boost)) as Box<dyn Query>
            })
            .collect()
    }

    /// The top documents with scores, and the count, of `query`.
    fn run(index: &Index, query: &dyn Query) -> (Vec<(f32, DocAddress)>, usize) {
        let searcher = index.reader().unwrap().searcher();
        let (top, count) = searcher
            .search(query, &(TopDocs::with_limit(500).order_by_score(), Count))
            .unwrap();
        (top, count)
    }

    #[test]
    fn matches_and_scores_as_a_boolean_union_does() {
        let (index, title, body) = index();
        let fields = [(title, 3.0), (body, 1.5)];
        for words in [
            vec!["knee"],
            vec!["knee", "pain"],
            vec!["pain", "arthroscopy"],
        ] {
            let ours: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| {
                    let any: Box<dyn Query> = Box::new(AnyFieldQuery::new(word(&fields, w)));
                    (Occur::Must, any)
                })
                .collect();
            let theirs: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| {
                    let clauses = word(&fields, w)
                        .into_iter()
                        .map(|clause| (Occur::Should, clause))
                        .collect();
                    let union: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
                    (Occur::Must, union)
                })
                .collect();
            let (ours_top, ours_count) = run(&index, &BooleanQuery::new(ours));
            let (theirs_top, theirs_count) = run(&index, &BooleanQuery::new(theirs));
            assert_eq!(ours_count, theirs_count, "{words:?}");
            assert!(ours_count > 0, "{words:?}");
            let key = |top: &[(f32, DocAddress)]| {
                let mut pairs: Vec<(u32, u32)> = top
                    .iter()
                    .map(|(score, address)| (address.doc_id, (score * 1e4).round() as u32))
                    .collect();
                pairs.sort();
                pairs
            };
            assert_eq!(key(&ours_top), key(&theirs_top), "{words:?}");
        }
    }

    #[test]
    fn seeks_skip_to_the_target_and_explain_sums_the_fields() {
        let (index, title, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let query = AnyFieldQuery::new(word(&[(title, 3.0), (body, 1.5)], "knee"));
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let reader = searcher.segment_reader(0);
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        // Documents 3 (back) and 4 (lumbar) have no knee: a seek to 3 lands on 5.
        assert_eq!(scorer.seek(3), 5);
        assert_eq!(scorer.advance(), 6);
        let explanation = weight.explain(reader, 2).unwrap();
        let mut again = weight.scorer(reader, 1.0).unwrap();
        assert_eq!(again.seek(2), 2);
        assert!((explanation.value() - again.score()).abs() < 1e-5);
        assert!(weight.explain(reader, 3).is_err());
        assert_eq!(query.count(&searcher).unwrap(), 40 * 4);
    }
}
