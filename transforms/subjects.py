"""Find the phrase naming what a number counts (a fact's `subject`).

The subject is a noun phrase next to the number inside its clause: after it
when the number is introduced by a verb or preposition (向省内7000余家企业宣讲,
审查了2件新增的市级规范性文件), before it when the number closes the clause
(备案行政规范性文件4件, 扶持金额1442万元).
"""
from __future__ import annotations

import bisect
import hashlib
import os
import re
import tempfile
from array import array
from functools import cache
from pathlib import Path

import jieba

from transforms.rules import jieba_terms, policy_terms

_STOPS = r"，,。；;：:！？!?\n（("
_CLAUSE_STOP = re.compile(f"[{_STOPS}]")
# The text up to its last clause stop (matched from the end: greedy, it backtracks to that stop only).
_TO_LAST_STOP = re.compile(f"(?s:.*)[{_STOPS}]")
_RUN_CHARS = r"\u4e00-\u9fff“”\"()（）、"
_CJK_RUN = re.compile(f"[{_RUN_CHARS}]+")
# The longest run of _CJK_RUN's characters that ends the text (group 1; '' when it ends with another).
_TAIL_RUN = re.compile(f"(?s:.*[^{_RUN_CHARS}])?([{_RUN_CHARS}]*)\\Z")
# Words that leave the noun phrase on the right of the number: verbs and
# prepositions that introduce an object (对13项项目, 举办8期, 涉及企业11家 is left-side).
_INTRODUCERS = re.compile(
    r"(对|向|在|为|了|的|有|给|把|将|从|由|与|和|及|涉及|审查|审核|完成|举办|开展|召开|组织|选聘|聘请|印制|印发|"
    r"发布|办理|处理|督促指导|共有|现有|目前|其中|等|共|累计|合计|新增|全市|全省|全区|全县|达|达到|只有|仅有|"
    r"先后|已|抽取|检查|走访|培训|受理|收到|接到|出具|制定|修订|清理|废止|公开|梳理|承担|纳入|推出|建成|设立|"
    r"成立|引进|评选|表彰|参加|参与|覆盖|惠及|服务|帮助|指导|解答|回复|答复|整改|查处|立案|办结|化解|调解|、)$"
)
_LEFT_TRIM = re.compile(r"^(其中|同时|此外|另外|今年|全年|年内|目前|截至目前|截至|共|累计|合计|先后|已|均|并|还|又|及|和|等)+")
_RIGHT_CUT = re.compile(r"(进行|开展|参加|参与|宣讲|的情况|情况|全部|均|并|已|通过|中|等|以及|及|和|与)")
_VERB_ONLY = re.compile(r"^(达到|达|为|占|约|近|超过|超|共|计|有|是|达到了|提升至|提高到|提高至|降至|降到|缩短到|压缩到|缩短至|压缩至|减至|增至|增长|增加|减少|下降|上升|到|至)$")
# A right-hand run that starts like this is a verb phrase, not what is counted.
_RIGHT_VERB = re.compile(r"^(压缩|缩短|缩减|减少|降低|下降|提高|提升|增加|增长|达到|达|参加|参与|进行|开展|以上|以下|左右|为|是|到|至)")
# A preposition followed by a short place word still introduces the number (向省内7000余家企业).
_PREP_PLACE = re.compile(r"(对|向|在|为|给|涉及)[\u4e00-\u9fff]{0,3}$")
# A qualifier right before the number (约, 不少于) and a word linking the subject to it (由, 达到, 的).
_LEFT_QUALIFIER = re.compile(r"[约近超逾]+$|(不少于|不超过|至少|不到|超过|大约|将近)$")
_LEFT_LINK = re.compile(r"(由法定的|由原来的|由|从|为|达到|达|共|有|的|了)$")
_MAX_LEFT = 12
_POLICY_TERM_FREQ = 3000
_MAX_RIGHT = 14
_LONGEST_WORD = 4  # the longest word _trim_to_words looks up
_WORDS_FORMAT = "fazhi-words-1"  # change when the cache file's layout or contents change meaning


def _word_key(word: str) -> int:
    """A word of two to four characters of the Basic Multilingual Plane as one 64-bit number."""
    key = 0
    for ch in word:
        key = (key << 16) | ord(ch)
    return key << 16 * (_LONGEST_WORD - len(word))


def _word_counts() -> dict[str, int]:
    """jieba's dictionary with the domain and policy terms, as a `jieba.Tokenizer` given the same
    terms (`add_word`) has them: word -> frequency, 0 for a word removed."""
    counts: dict[str, int] = {}
    with jieba.get_dict_file() as f:  # jieba's own dict.txt: "word frequency [tag]" per line
        for line in f.read().decode("utf-8").splitlines():
            word, count = line.strip().split(" ")[:2]
            counts[word] = int(count)
    for word, count, _tag in jieba_terms():
        counts[word] = 1 if count is None else count  # None: jieba suggests a frequency, never 0
    for term in policy_terms():
        for variant in term.variants:
            if re.fullmatch(r"[\u4e00-\u9fff]{2,}", variant):
                counts[variant] = _POLICY_TERM_FREQ
    return counts


def _build_words() -> array:
    keys = {_word_key(w) for w, n in _word_counts().items()
            if n > 0 and 2 <= len(w) <= _LONGEST_WORD and all(0 < ord(c) <= 0xFFFF for c in w)}
    return array("Q", sorted(keys))


def words_cache_path() -> Path:
    """Where the word array is kept between processes: named by a hash of what it is built from."""
    digest = hashlib.sha256(_WORDS_FORMAT.encode())
    with jieba.get_dict_file() as f:
        digest.update(f.read())
    digest.update(repr((jieba_terms(), [t.variants for t in policy_terms()], _POLICY_TERM_FREQ)).encode())
    return Path(tempfile.gettempdir()) / f"fazhi-words-{digest.hexdigest()[:16]}.bin"


@cache
def dictionary_words() -> array:
    """The words of two to four characters of jieba's dictionary with the domain terms of the rules and
    the policy terms of policy_terms.csv, as a sorted array of `_word_key`s (330,000 words, 2.6 MB).

    These are the words a `jieba.Tokenizer` given the same terms has with a positive frequency
    (tests/transforms/test_facts.py checks it against the tokenizer itself). Subjects only need to know where
    words start, and the tokenizer itself would cost every worker process about 60 MB and more than
    a second to load. The array is built once (about 1.5 s) and kept in the temporary folder, as
    jieba keeps its own cache there; a cache that cannot be read or written is rebuilt in memory.
    """
    path = words_cache_path()
    try:
        data = path.read_bytes()  # the SHA-256 of the array, then the array
        if hashlib.sha256(data[32:]).digest() == data[:32] and len(data) % 8 == 0:
            return array("Q", data[32:])
    except OSError:
        pass
    words = _build_words()
    payload = words.tobytes()
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except OSError:
        pass
    return words


def is_word(text: str) -> bool:
    """True when `text` is one of `dictionary_words()`."""
    # Every character in U+0001..U+FFFF: no NUL, none above the Basic Multilingual Plane.
    if not 2 <= len(text) <= _LONGEST_WORD or "\x00" in text or max(text) > "\uffff":
        return False
    words, key = dictionary_words(), _word_key(text)
    i = bisect.bisect_left(words, key)
    return i < len(words) and words[i] == key


def _trim_to_words(phrase: str, limit: int) -> str:
    """The longest tail of `phrase` of at most `limit` characters that starts at a word boundary.

    A boundary is where a word of jieba's dictionary (with the domain terms) starts
    and the character before does not form a word with the first one. This reads
    the dictionary only; segmenting every clause with the full jieba DAG would cost
    more than the rest of fact extraction together.
    """
    if len(phrase) <= limit:
        return phrase
    for i in range(len(phrase) - limit, len(phrase) - 1):
        starts_word = any(is_word(phrase[i:i + k]) for k in (4, 3, 2))
        if starts_word and not is_word(phrase[i - 1:i + 1]):
            return phrase[i:]
    return phrase[-limit:]


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[str, str]:
    left = text[lo:start]
    last_stop = _TO_LAST_STOP.match(left)
    if last_stop:
        left = left[last_stop.end():]
    right = text[end:hi]
    m = _CLAUSE_STOP.search(right)
    return left, right[:m.start()] if m else right


def _tail_run(s: str) -> str:
    return _TAIL_RUN.match(s).group(1)


def find_subject(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """Subject of the number at text[start:end] within the sentence text[lo:hi]; '' when none."""
    left, right = _clause(text, start, end, lo, hi)
    left = _LEFT_QUALIFIER.sub("", left)
    left_run = _tail_run(left)
    right_run = _CJK_RUN.match(right)
    right_run = right_run.group(0) if right_run else ""
    m = _RIGHT_CUT.search(right_run, 2)
    if m:
        right_run = right_run[:m.start()]
    right_run = right_run.strip("、“”\"的")[:_MAX_RIGHT]
    verb_phrase = right_run
    if _RIGHT_VERB.match(right_run):
        right_run = ""
    # Both patterns end at the end of the run and are at most 4 and 5 characters long: the tail is enough.
    introduced = not left_run or _INTRODUCERS.search(left_run[-6:]) or _PREP_PLACE.search(left_run[-6:])
    if right_run and introduced:
        return right_run
    left_run = _LEFT_TRIM.sub("", left_run)
    left_run = _LEFT_LINK.sub("", left_run)
    subject = _trim_to_words(left_run, _MAX_LEFT).strip("、“”\"")
    if not subject or _VERB_ONLY.match(subject):
        return right_run or (verb_phrase if not _VERB_ONLY.match(verb_phrase) else "")
    return subject
