"""Every rule of contract-decisions.md section 3 has a fixed witness, sent on every run.

The table (losant_contract/witnesses.py) quotes section 3 sentence by sentence: every
sentence is quoted by exactly one rule, and every quote is a sentence of section 3, so a
rule added to (or reworded in) the decisions fails here until it has an id and a witness.
Every rule is held by a check of the suite marked `witness(<id>)`, in the rule's area,
parametrized over the rule's cases and drawing nothing from Hypothesis. The cases'
stated outcomes are held to the corpus they are judged on and to the glob oracle, so a
changed corpus cannot leave a witness stating what no correct server answers."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
import suite_process

from losant_contract import witnesses
from losant_contract.oracles.globbing import glob_match
from losant_contract.query import SORT_FIELDS
from losant_contract.strategies.names import CORPUS_STEMS
from losant_contract.vocabulary import AREAS
from losant_contract.witnesses import ALL, CASES, CLIPPED, CORPUS, RULES, Answer

ROOT = Path(__file__).resolve().parents[1]
DECISIONS = ROOT / "docs" / "contract-decisions.md"
SUITES = ROOT / "suites"
CORPUS_PREFIX = "lct-0a1b2c3d-c-"  #: what a run's corpus prefix looks like (corpus.prefix_of)
SIZE = len(CORPUS_STEMS)
FROM_HYPOTHESIS = ("hypothesis", "losant_contract.strategies", "losant_contract.pytest.no_verdict")


def section_3() -> str:
    """Section 3 of the decisions, from its heading to the next one."""
    text = DECISIONS.read_text(encoding="utf-8")
    found = re.search(r"^## 3\. [^\n]*\n(.*?)(?=^## )", text, re.M | re.S)
    assert found, "docs/contract-decisions.md has no section 3"
    return found.group(1)


def blocks(section: str) -> list[str]:
    """Its bullets (and any paragraph), each on one line."""
    found: list[list[str]] = []
    for line in section.splitlines():
        if not line.strip():
            found.append([])
        elif line.startswith("- ") or not found:
            found.append([line[2:] if line.startswith("- ") else line])
        else:
            found[-1].append(line)
    return [" ".join(" ".join(lines).split()) for lines in found if lines]


def sentences(text: str) -> list[str]:
    """`text` cut after each full stop that a space follows ("2.8.1", "1..1000" stay whole)."""
    return [part for part in re.split(r"(?<=\.)\s+", " ".join(text.split())) if part]


SENTENCES = [sentence for block in blocks(section_3()) for sentence in sentences(block)]


def _short(sentence: str) -> str:
    return sentence[:60]


# -- the table quotes section 3, sentence by sentence -----------------------------------------


def test_section_3_is_parsed():
    """The parser finds the section's bullets (a parser that finds nothing proves nothing)."""
    assert len(blocks(section_3())) >= 11
    assert any("sortField" in sentence for sentence in SENTENCES)
    assert sentences("a 2.8.1 b. `page=` c 1..1000. D") == ["a 2.8.1 b.", "`page=` c 1..1000.", "D"]


def quoting(sentence: str) -> list[str]:
    """The ids of the rules that quote `sentence`."""
    return [rule.id for rule in RULES if sentence in sentences(rule.words)]


@pytest.mark.parametrize("sentence", SENTENCES, ids=_short)
def test_every_sentence_of_section_3_is_quoted_by_exactly_one_rule(sentence):
    """A sentence of the decisions that no rule quotes has no witness: give it an id, its
    words and fixed cases in losant_contract/witnesses.py, and a check."""
    assert len(quoting(sentence)) == 1, f"quoted by {quoting(sentence) or 'no rule'}: {sentence!r}"


def test_a_sentence_added_to_section_3_is_unquoted():
    """What CI sees when the decisions gain a rule: a new sentence, in a bullet or after one,
    is quoted by no rule (and a reworded one no longer by its rule)."""
    added = "A `sortField` of `status` is refused with **422**."
    changed = section_3() + f"\n- {added}\n  Ties break by `id`.\n"
    found = [sentence for block in blocks(changed) for sentence in sentences(block)]
    assert [sentence for sentence in found if not quoting(sentence)] == [added, "Ties break by `id`."]
    reworded = SENTENCES[0].replace("default `name`", "default `id`")
    assert not quoting(reworded)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_quotes_section_3_word_for_word(rule):
    """A rule's words are sentences of section 3 as they stand (a reworded decision shows here)."""
    stale = [sentence for sentence in sentences(rule.words) if sentence not in SENTENCES]
    assert not stale, f"{rule.id} quotes words section 3 does not hold: {stale}"


def test_the_table_names_the_contracts_enum():
    assert witnesses.SORT_FIELDS == SORT_FIELDS


def test_rule_ids_are_stable_names_in_known_areas():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    assert all(re.fullmatch(r"3\.[a-z]+(-[a-z]+)*", rule_id) for rule_id in ids), ids
    assert all(rule.area in AREAS for rule in RULES)
    assert set(CASES) == set(ids), "every rule has fixed cases, and every set of cases a rule"
    assert all(CASES[rule_id] for rule_id in ids)


# -- every rule is held by a check, which draws nothing -------------------------------------------


def _marks(function: ast.FunctionDef) -> dict[str, list[str]]:
    """`@pytest.mark.<name>("<text>")` decorators of a function: name -> texts."""
    found: dict[str, list[str]] = {}
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and ast.unparse(decorator.func.value) == "pytest.mark"
        ):
            texts = [
                arg.value for arg in decorator.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            found.setdefault(decorator.func.attr, []).extend(texts)
    return found


def _cases_of(function: ast.FunctionDef) -> list[str]:
    """The rule ids whose `cases(<id>)` a function's decorators parametrize it over."""
    return [
        call.args[0].value
        for decorator in function.decorator_list
        for call in ast.walk(decorator)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "cases"
        and call.args
        and isinstance(call.args[0], ast.Constant)
    ]


def _witness_checks() -> dict[str, tuple[Path, ast.Module, ast.FunctionDef]]:
    """Every check in suites/ marked witness(...): its name -> (file, module, function)."""
    found = {}
    for path in sorted(SUITES.glob("test_*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for node in module.body:
            if isinstance(node, ast.FunctionDef) and "witness" in _marks(node):
                found[node.name] = (path, module, node)
    return found


CHECKS = _witness_checks()


def _holding(rule_id: str) -> list[str]:
    return [name for name, (_, _, function) in CHECKS.items() if rule_id in _marks(function)["witness"]]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_is_held_by_a_witness_check(rule):
    """Each rule: the check(s) marked witness(<id>), in the rule's area, labelled with the
    decision, parametrized over the rule's fixed cases."""
    holding = _holding(rule.id)
    assert holding, f"no check in suites/ is marked @pytest.mark.witness({rule.id!r}): {rule.words}"
    for name in holding:
        marks = _marks(CHECKS[name][2])
        assert marks.get("area") == [rule.area], f"{name} holds {rule.id}, whose area is {rule.area}"
        assert marks.get("assumed") == [witnesses.SECTION], f"{name} rests on decisions section 3"
        assert _cases_of(CHECKS[name][2]) == [rule.id], f"{name} is parametrized over cases({rule.id!r})"


def test_every_witness_mark_names_a_rule_once():
    marked = [rule_id for _, _, function in CHECKS.values() for rule_id in _marks(function)["witness"]]
    assert marked and set(marked) <= {rule.id for rule in RULES}, marked
    assert all(len(_marks(function)["witness"]) == 1 for _, _, function in CHECKS.values())


def test_witness_checks_draw_nothing_from_hypothesis():
    """No @given, no strategy, no NoVerdict guard: a witness sends the same requests on every
    run, whatever the seed (the data module imports none of it either)."""
    modules = {path: module for path, module, _ in CHECKS.values()}
    modules[ROOT / "losant_contract" / "witnesses.py"] = ast.parse(
        (ROOT / "losant_contract" / "witnesses.py").read_text(encoding="utf-8")
    )
    for path, module in modules.items():
        for node in ast.walk(module):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            drawn = [name for name in names if name.startswith(FROM_HYPOTHESIS)]
            assert not drawn, f"{path.name} imports {drawn}"
    for name, (_, _, function) in CHECKS.items():
        words = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
        words |= {n.attr for n in ast.walk(function) if isinstance(n, ast.Attribute)}
        assert not words & {"given", "hypothesis", "NoVerdict", "st", "strategies"}, name


def test_the_suite_collects_every_case_of_every_witness(tmp_path):
    """Collected by pytest (against the embedded mock) with `-m witness`: each marked check
    with one item per fixed case, and nothing else."""
    done = suite_process.run(
        ["--collect-only", "-q", "-m", "witness", "suites"], suite_process.environment(reports=tmp_path)
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    items = Counter(
        line.split("::", 1)[1].split("[", 1)[0] for line in done.stdout.splitlines() if line.startswith("suites/")
    )
    expected = {name: len(CASES[_marks(function)["witness"][0]]) for name, (_, _, function) in CHECKS.items()}
    assert dict(items) == expected


# -- the cases state what a correct server answers on the corpus ---------------------------------


def _stems(stated) -> Counter[str]:
    return Counter(CORPUS_STEMS) if stated == ALL else Counter(stated or ())


def _every_case():
    return [pytest.param(rule_id, case, id=f"{rule_id}-{case.label}") for rule_id in CASES for case in CASES[rule_id]]


def _matching(sent: dict[str, str]) -> list[str] | None:
    """The corpus stems a query restricted to the corpus by a name glob matches, in code-point
    order; None for any other query (its answer depends on the run: ids, dates, other data)."""
    if sent.get("filterField") != "name" or not sent.get("filter", "").startswith(CORPUS_PREFIX):
        return None
    pattern = sent["filter"][len(CORPUS_PREFIX) :]
    verdicts = {stem: glob_match(pattern, stem) for stem in CORPUS_STEMS}
    assert None not in verdicts.values(), f"case folding leaves {pattern!r} open on the corpus"
    return sorted(stem for stem in CORPUS_STEMS if verdicts[stem])


def _page(sent: dict[str, str], matching: list[str], walk: bool) -> tuple[int, Counter[str] | None]:
    """How many the answer lists, and which stems, where the stems alone decide it."""
    if walk:
        return len(matching), Counter(matching)
    page, per_page = int(sent.get("page") or 0), int(sent.get("perPage") or 1000)
    start, end = page * per_page, min((page + 1) * per_page, len(matching))
    if start >= end or (start == 0 and end == len(matching)):
        return max(0, end - start), Counter(matching[start:end])
    if sent.get("sortField", "name") not in ("name", ""):
        return end - start, None
    descending = sent.get("sortDirection", "").lower() == "desc"
    return end - start, Counter((matching[::-1] if descending else matching)[start:end])


@pytest.mark.parametrize("rule_id, case", _every_case())
def test_stated_outcomes_hold_on_the_corpus(rule_id, case):
    """What a case states (names listed, pairs in order, slices, counts) is what the decisions
    give on the corpus (strategies/names.py), read here from the stems and the glob oracle."""
    for stated in (case.listed, case.or_listed):
        assert not _stems(stated) - Counter(CORPUS_STEMS), f"{case.label}: the corpus holds no {stated}"
    served = witnesses.params(case, CORPUS_PREFIX, SIZE, served=True)
    descending = served.get("sortDirection", "").lower() == "desc"
    for first, then in case.before:
        assert first in CORPUS_STEMS and then in CORPUS_STEMS
        assert (then < first) if descending else (first < then), f"{first!r} before {then!r} is not code-point order"
    if case.window:
        assert (served["sortField"], descending) == ("id", False), "a window is a slice in id order"
        assert int(served["page"]) * int(served["perPage"]) < SIZE, "a window holds some of the corpus"
    if case.walk:
        assert case.answer is Answer.SERVED and case.served_as is None, "a walk is served as sent"
    matching = _matching(served) if case.answer is not Answer.REFUSED else None
    if matching is None:
        return
    if case.total is not None:
        assert witnesses.number(case.total, SIZE) == len(matching), f"{case.label}: {len(matching)} match"
    count, listed = _page(served, matching, case.walk)
    if case.count is not None:
        assert witnesses.number(case.count, SIZE) == count, f"{case.label}: the corpus answer lists {count}"
    if listed is not None and case.listed is not None:
        assert _stems(case.listed) == listed, f"{case.label}: the corpus answer lists {sorted(listed.elements())}"


def test_glob_cases_hold_every_listed_metacharacter_and_a_decoy():
    """Each character the decisions list as literal is in the pattern of a 3.glob case that
    expects it to match only itself; the corpus holds a decoy a wildcard reading would match."""
    listed = "?.[]()+^$\\|{}"
    patterns = [witnesses.resolve(case.sent["filter"], CORPUS_PREFIX)[len(CORPUS_PREFIX) :] for case in CASES["3.glob"]]
    assert set(listed) <= set("".join(patterns))
    for stem in witnesses.LITERAL_STEMS:
        assert stem in CORPUS_STEMS and any(glob_match(stem, other) is False for other in CORPUS_STEMS)
    clipped = [case for case in CASES["3.glob"] if case.sent["filter"].startswith(CLIPPED)]
    assert clipped and all(case.listed == () for case in clipped)
    assert all(
        glob_match("*" + witnesses.resolve(case.sent["filter"], CORPUS_PREFIX) + "*", CORPUS_PREFIX + stem)
        for case in clipped
        for stem in CORPUS_STEMS
        if stem.startswith(case.sent["filter"][len(CLIPPED) :])
    ), "an unanchored reading of the clipped pattern must match some corpus name, or it proves nothing"
    assert CORPUS in witnesses.OWN["filter"]
