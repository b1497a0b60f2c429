"""How a standard's data may be split over workers, read from the standard's text.

The C ABI does not expose the dependency graph, so this module reads what it needs from
the source (and the bases a variant extends), conservatively: when in doubt it asks for
more data per partition, never less. See docs/scale.md "Partitioning".

- ``across periods`` anywhere: a cohort spans every period, so the rows form one
  partition (strategy ``"global"``).
- otherwise each period's cohorts are its own, and a period's results depend on earlier
  periods only through ``prev()`` and ``impute ... previous [N]``. The look-back is the
  longest chain of such steps through lets, nodes, inputs and functions; a period is
  scored exactly with that many earlier periods shipped alongside (``"period"``).
- a look-back without bound (a let reading its own ``prev``, a running total; or
  ``previous`` with no N) needs every earlier period: when nothing compares rows (no
  cohort function, cohort imputation or cohort weighting) entities are independent and
  the rows split by entity (``"entity"``); else one partition (``"global"``).
"""

import os
import re
from typing import Dict, List, NamedTuple, Optional, Set, Tuple

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>(//|\#)[^\n]*)
      | (?P<string>"(\\.|[^"\\])*")
      | (?P<unit>\[[^\]]*\])
      | (?P<number>\d+(\.\d+)?([eE][+-]?\d+)?)
      | (?P<ident>[^\W\d]\w*)
      | (?P<op>->|==|!=|<=|>=|.)""", re.VERBOSE | re.UNICODE)

# Words that start a member or rule: they end the expression of a `let` or `function`.
_STATEMENT = {"let", "output", "input", "function", "group", "indicator", "veto", "score",
              "remove", "change", "aggregate", "weights", "grades", "version"}
# What compares a row with other rows of its period.
_COHORT_WORDS = {"winsorize", "entropy", "critic", "topsis", "cohort_mean", "cohort_median"}


class Plan(NamedTuple):
    """``strategy``: "period", "entity" or "global"; ``lookback``: the earlier periods a
    period needs (None: every one); ``reason``: why, in words."""
    strategy: str
    lookback: Optional[int]
    reason: str


def _tokens(text: str) -> List[Tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        out.append((kind, m.group()))
    return out


def _block_end(tokens, start: int) -> int:
    """The index after the `}` matching the `{` at ``start``."""
    depth = 0
    for i in range(start, len(tokens)):
        if tokens[i][1] == "{":
            depth += 1
        elif tokens[i][1] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(tokens)


def _expression_end(tokens, start: int) -> int:
    """The end of an expression starting at ``start``: a statement word or a `}` at the
    expression's own nesting level."""
    depth = 0
    for i in range(start, len(tokens)):
        kind, text = tokens[i]
        if text in "({":
            depth += 1
        elif text in ")}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and kind == "ident" and text in _STATEMENT:
            return i
    return len(tokens)


def _definitions(tokens) -> Dict[str, List[Tuple[int, int]]]:
    """Each defined name with the token ranges of its definitions (a name defined twice,
    as in a variant's `change`, keeps every body: the analysis takes the largest)."""
    defs: Dict[str, List[Tuple[int, int]]] = {}
    for i, (kind, text) in enumerate(tokens):
        if kind != "ident" or i + 1 >= len(tokens) or tokens[i + 1][0] != "ident":
            continue
        name = tokens[i + 1][1]
        if text in ("let", "function", "input"):
            j = i + 2
            while j < len(tokens) and tokens[j][1] not in ("=", ":"):
                j += 1
            end = _expression_end(tokens, j + 1)
        elif text in ("group", "indicator", "change"):
            j = i + 2
            while j < len(tokens) and tokens[j][1] not in ("{", "=") and not (
                    tokens[j][0] == "ident" and tokens[j][1] in _STATEMENT):
                j += 1
            end = _expression_end(tokens, j + 1) if j < len(tokens) and tokens[j][1] == "=" \
                else j
            if end < len(tokens) and tokens[end][1] == "{":
                end = _block_end(tokens, end)
        elif text == "veto":
            end = _expression_end(tokens, i + 2)
        else:
            continue
        defs.setdefault(name, []).append((i + 2, end))
    return defs


def _previous_lag(tokens, i: int) -> Optional[int]:
    """The look-back of `previous [N]` at token ``i`` (None: without bound)."""
    if i + 1 < len(tokens) and tokens[i + 1][0] == "number" and re.fullmatch(
            r"\d+", tokens[i + 1][1]):
        return int(tokens[i + 1][1])
    return None


class _Unbounded(Exception):
    pass


def _body_lag(tokens, span, lags: Dict[str, int], functions: Set[str]) -> int:
    """The largest look-back of what the tokens in ``span`` read: each name contributes
    its own look-back plus one per `prev(` around it (plus a function's own look-back
    per call of it, plus N per `impute(..., previous N)`)."""
    start, end = span
    stack: List[int] = []
    shift = 0
    best = 0
    opened = -1  # the `(` of a call, pushed with the call's look-back
    for i in range(start, end):
        kind, text = tokens[i]
        if i == opened:
            continue
        if kind == "ident":
            if text == "previous":
                n = _previous_lag(tokens, i)
                if n is None:
                    raise _Unbounded()
                best = max(best, shift + n)
            calls = i + 1 < end and tokens[i + 1][1] == "("
            if calls:
                step = 1 if text == "prev" else lags.get(text, 0) if text in functions else 0
                if text == "impute":
                    close = _expression_end(tokens, i + 2)
                    for k in range(i + 2, close):
                        if tokens[k][1] == "previous":
                            n = _previous_lag(tokens, k)
                            if n is None:
                                raise _Unbounded()
                            step = max(step, n)
                stack.append(step)
                opened = i + 1
                shift += step
                best = max(best, shift)
                continue
            best = max(best, shift + lags.get(text, 0))
        elif text == "(":
            stack.append(0)
        elif text == ")" and stack:
            shift -= stack.pop()
    return best


def _sources(path: Optional[str], text: str, seen: Set[str]) -> List[str]:
    """The text and those of the bases it extends from files (read relative to it)."""
    texts = [text]
    tokens = _tokens(text)
    for i, (kind, word) in enumerate(tokens):
        if word == "extends" and kind == "ident":
            j = i + 2
            if j < len(tokens) and tokens[j][1] == "from" and j + 1 < len(tokens) and \
                    tokens[j + 1][0] == "string":
                name = tokens[j + 1][1][1:-1].replace('\\"', '"').replace("\\\\", "\\")
                base = os.path.join(os.path.dirname(path or "."), name)
                real = os.path.realpath(base)
                if real in seen:
                    continue
                seen.add(real)
                with open(base, encoding="utf-8") as f:
                    texts += _sources(base, f.read(), seen)
            else:
                raise OSError("the base of 'extends %s' is not named by a file" %
                              tokens[i + 1][1] if i + 1 < len(tokens) else "")
    return texts


def analyze(text: str, path: Optional[str] = None) -> Plan:
    """The plan for the standard of ``text`` (``path`` names it, for its bases)."""
    try:
        texts = _sources(path, text, set())
    except OSError as e:
        return Plan("global", None, "cannot read the bases of the standard (%s)" % e)
    tokens = [t for source in texts for t in _tokens(source)]
    words = [t[1] for t in tokens if t[0] == "ident"]
    for a, b in zip(words, words[1:]):
        if a == "across" and b == "periods":
            return Plan("global", None, "a cohort spans every period (across periods)")
    cohorts = any(w.startswith("cohort_") or w in _COHORT_WORDS for w in words)
    defs = _definitions(tokens)
    functions = {tokens[i + 1][1] for i, t in enumerate(tokens[:-1])
                 if t == ("ident", "function")}
    lags: Dict[str, int] = {}
    try:
        whole = _body_lag(tokens, (0, len(tokens)), lags, functions)
        for _ in range(len(defs) + 2):
            changed = False
            for name, spans in defs.items():
                lag = max(_body_lag(tokens, s, lags, functions) for s in spans)
                if lag > lags.get(name, 0):
                    lags[name] = lag
                    changed = True
            if not changed:
                break
        else:
            raise _Unbounded()
        whole = max(whole, _body_lag(tokens, (0, len(tokens)), lags, functions))
    except _Unbounded:
        if cohorts:
            return Plan("global", None, "a value reads every earlier period (a prev() "
                        "cycle or impute previous without N) and cohorts compare rows")
        return Plan("entity", None, "a value reads every earlier period (a prev() cycle "
                    "or impute previous without N); no cohort compares rows")
    if whole == 0:
        return Plan("period", 0, "periods are independent")
    return Plan("period", whole, "prev() and impute previous read %d earlier period%s" %
                (whole, "" if whole == 1 else "s"))
