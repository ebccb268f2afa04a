"""Reads an architecture's system call ABI: tables/OS/ARCH.abi.

The ABI is what differs between architectures in how a call is made (the
registers, the trap, the width of a word, how a 64-bit argument travels and
how an error comes back), said once as data so that the generator can lower
every call through it (tables.lower_params) and the templates need no
condition on the architecture. tables/linux/amd64.abi documents the keys.
"""

import dataclasses
import re

import grammar

REGISTER = re.compile(r"[a-z][a-z0-9.]*\Z")
DATA_MODELS = {"LP64": 64, "ILP32": 32}  # the width of long and of pointers
PAIR_ORDERS = ("none", "low-high", "high-low")
# Six parameters, and on ARM EABI a padding word before an aligned pair.
MAX_ARGUMENT_REGISTERS = 7
KEYS = (
    "abis",
    "word_bits",
    "byte_order",
    "data_model",
    "trap",
    "number",
    "number_offset",
    "arguments",
    "result",
    "clobbers",
    "pair",
    "error",
)


@dataclasses.dataclass(frozen=True)
class Abi:
    path: str
    abis: tuple  # the numbers table's ABI column values that are this ABI's
    word_bits: int
    byte_order: str  # "little" or "big"
    data_model: str  # "LP64" or "ILP32"
    trap: str
    number: str
    number_offset: int
    arguments: tuple
    result: str
    clobbers: tuple
    pair: str  # "none", "low-high" or "high-low"
    pair_even: bool  # a pair starts at an even argument register
    error: str  # "negative", "carry" or "flag"
    error_flag: str  # the flag register of error "flag", else ""

    @property
    def max_words(self):
        return len(self.arguments)


def _registers(row, key, words):
    for word in words:
        if not REGISTER.match(word):
            raise row.error(f"{key}: bad register {word!r}")
    return tuple(words)


def read_abi(root, path):
    """Parses and checks ARCH.abi; a malformed one raises grammar.TableError."""
    table = grammar.read_table(root, path)
    values = {}
    row_of = {}  # key -> the row that gives it
    for row in table.rows:
        key, *words = row.text.split()
        if key not in KEYS:
            raise row.error(f"unknown key {key!r} (known: {', '.join(KEYS)})")
        if key in values:
            raise row.error(f"{key} given twice (first at line {row_of[key].line})")
        if not words:
            raise row.error(f"{key} needs a value")
        values[key], row_of[key] = words, row
    missing = [k for k in KEYS if k not in values]
    if missing:
        raise table.error(f"missing {', '.join(missing)}")

    def single(key, choices=None):
        words = values[key]
        if len(words) != 1 or (choices and words[0] not in choices):
            expected = f"one of {', '.join(choices)}" if choices else "one word"
            raise row_of[key].error(f"{key}: expected {expected}")
        return words[0]

    def integer(key):
        text = single(key)
        if not text.isdigit():
            raise row_of[key].error(f"{key}: {text!r} is not a number")
        return int(text)

    word_bits = integer("word_bits")
    data_model = single("data_model", tuple(DATA_MODELS))
    if DATA_MODELS[data_model] != word_bits:
        raise row_of["data_model"].error(
            f"{data_model}'s long is {DATA_MODELS[data_model]} bits, not word_bits {word_bits}"
        )
    pair, *pair_rest = values["pair"]
    if pair not in PAIR_ORDERS or pair_rest not in ([], ["even"]):
        raise row_of["pair"].error(f"pair: expected {', '.join(PAIR_ORDERS)}, optionally followed by `even`")
    if (pair == "none") != (word_bits == 64):
        raise row_of["pair"].error("pair: none exactly when a word holds 64 bits")
    error, *error_rest = values["error"]
    if error in ("negative", "carry") and not error_rest:
        error_flag = ""
    elif error == "flag" and len(error_rest) == 1 and REGISTER.match(error_rest[0]):
        error_flag = error_rest[0]
    else:
        raise row_of["error"].error("error: expected negative, carry, or flag REGISTER")
    arguments = _registers(row_of["arguments"], "arguments", values["arguments"])
    if not 1 <= len(arguments) <= MAX_ARGUMENT_REGISTERS:
        raise row_of["arguments"].error(
            f"arguments: 1 to {MAX_ARGUMENT_REGISTERS} registers, not {len(arguments)}"
        )
    clobbers = () if values["clobbers"] == ["-"] else _registers(row_of["clobbers"], "clobbers", values["clobbers"])
    return Abi(
        path=table.path,
        abis=tuple(values["abis"]),
        word_bits=word_bits,
        byte_order=single("byte_order", ("little", "big")),
        data_model=data_model,
        trap=" ".join(values["trap"]),
        number=_registers(row_of["number"], "number", [single("number")])[0],
        number_offset=integer("number_offset"),
        arguments=arguments,
        result=_registers(row_of["result"], "result", [single("result")])[0],
        clobbers=clobbers,
        pair=pair,
        pair_even=pair_rest == ["even"],
        error=error,
        error_flag=error_flag,
    )
