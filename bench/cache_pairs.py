"""Shared by the pair-file generators: turns (question, paraphrases, near misses) rows into the
`quarry bench cache --pairs` format and writes it next to this file."""
import json
import pathlib


def write_pairs(data, filename):
    pairs = []
    for base, paraphrases, misses in data:
        for p in paraphrases:
            pairs.append({"text_a": base, "text_b": p, "label": 1})
        for m in misses:
            pairs.append({"text_a": base, "text_b": m, "label": 0})
    root = pathlib.Path(__file__).resolve().parent
    (root / filename).write_text(json.dumps(pairs, indent=1, ensure_ascii=False) + "\n")
    positives = sum(p["label"] for p in pairs)
    print(f"{len(pairs)} pairs ({positives} paraphrases, {len(pairs) - positives} near misses) from {len(data)} questions")
