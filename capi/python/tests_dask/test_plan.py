"""rubric.dask.plan: how a standard's rows may be split, read from its text."""

import os
import unittest

from rubric.dask import Source, plan

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "..", "examples")


def text_plan(body):
    return plan(Source('standard s "S" {\n  total 10\n' + body + "\n}\n"))


class PlanTest(unittest.TestCase):
    def test_independent_periods(self):
        p = text_plan('input a "a" : number\n'
                      'indicator I "i" points 10 { score cohort_minmax(a by a) }')
        self.assertEqual((p.strategy, p.lookback), ("period", 0))

    def test_prev_of_an_input_reads_one_period(self):
        p = plan(os.path.join(EXAMPLES, "consortium", "standard.rubric"))
        self.assertEqual((p.strategy, p.lookback), ("period", 1))

    def test_prev_through_lets_adds_up(self):
        p = text_plan('input a "a" : number\nlet r = cohort_minmax(a)\nlet pr = prev(r)\n'
                      'indicator I "i" points 10 { score prev(pr) }')
        self.assertEqual((p.strategy, p.lookback), ("period", 2))

    def test_a_function_with_prev_counts_per_call(self):
        p = text_plan('input a "a" : number\nfunction back(v) = prev(v)\n'
                      'indicator I "i" points 10 { score back(back(back(a))) }')
        self.assertEqual((p.strategy, p.lookback), ("period", 3))

    def test_impute_previous_n(self):
        p = text_plan('input a "a" : number missing impute previous 4\n'
                      'indicator I "i" points 10 { score a }')
        self.assertEqual((p.strategy, p.lookback), ("period", 4))

    def test_unbounded_without_cohorts_splits_by_entity(self):
        p = text_plan('input a "a" : number\nlet c = prev(c) + a\n'
                      'indicator I "i" points 10 { score ratio(c, 100) }')
        self.assertEqual((p.strategy, p.lookback), ("entity", None))
        p = text_plan('input a "a" : number missing impute previous\n'
                      'indicator I "i" points 10 { score a }')
        self.assertEqual(p.strategy, "entity")

    def test_unbounded_with_cohorts_is_one_partition(self):
        p = text_plan('input a "a" : number\nlet c = prev(c) + a\n'
                      'indicator I "i" points 10 { score cohort_minmax(c) }')
        self.assertEqual((p.strategy, p.lookback), ("global", None))

    def test_across_periods_is_one_partition(self):
        p = plan(os.path.join(EXAMPLES, "guide", "13_index.rubric"))
        self.assertEqual(p.strategy, "global")
        self.assertIn("across periods", p.reason)

    def test_comments_and_labels_are_not_read(self):
        p = text_plan('input a "prev(a) across periods" : number  // prev(a) across periods\n'
                      'indicator I "i" points 10 { score a }')
        self.assertEqual((p.strategy, p.lookback), ("period", 0))

    def test_a_variant_reads_its_base(self):
        p = plan(os.path.join(EXAMPLES, "guide", "10_variant.rubric"))
        self.assertEqual(p.strategy, "period")
        p = plan(Source('standard v "V" extends b from "no-such-base.rubric" { }', "v.rubric",
                        True))
        self.assertEqual(p.strategy, "global")
        self.assertIn("bases", p.reason)


if __name__ == "__main__":
    unittest.main()
