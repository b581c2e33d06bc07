#!/usr/bin/env python3
"""Writes bench/cache-pairs-holdout.json: pairs written AFTER the guard was tuned on cache-pairs.json and
not used for tuning, so its numbers show how the guard generalises. Hand-written by the Quarry cache author.
Run: python3 bench/make-cache-pairs-holdout.py
"""
import json
import pathlib

DATA = [
    ("How do I book a meeting room?",
     ["How can I reserve a meeting room?", "What's the way to book a meeting room?"],
     ["How do I cancel a meeting room booking?", "How do I book a parking space?"]),
    ("What is the VAT rate in Germany?",
     ["What's Germany's VAT rate?", "How high is VAT in Germany?"],
     ["What is the VAT rate in Austria?", "What was the VAT rate in Germany in 2019?"]),
    ("How many hours a week do part-time employees work?",
     ["How many weekly hours do part-time employees work?", "Part-time employees work how many hours per week?"],
     ["How many hours a week do full-time employees work?", "How many days a week do part-time employees work?"]),
    ("Is the cafeteria open during the holidays?",
     ["Does the cafeteria stay open during the holidays?", "Is the cafeteria open over the holidays?"],
     ["Is the cafeteria closed during the holidays?", "Is the gym open during the holidays?"]),
    ("Who invented the telephone?",
     ["Who was the inventor of the telephone?", "The telephone was invented by whom?"],
     ["Who invented the television?", "When was the telephone invented?"]),
    ("What is the largest ocean on Earth?",
     ["Which ocean is the largest on Earth?", "What's the biggest ocean on Earth?"],
     ["What is the deepest ocean on Earth?", "What is the smallest ocean on Earth?"]),
    ("How do I connect to the VPN from home?",
     ["How can I connect to the VPN from home?", "From home, how do I connect to the VPN?"],
     ["How do I connect to the VPN from abroad?", "How do I disconnect from the VPN?"]),
    ("What is the per diem for travel to London?",
     ["What per diem applies to travel to London?", "How much is the per diem for London travel?"],
     ["What is the per diem for travel to Madrid?", "What is the hotel limit for travel to London?"]),
    ("How long can I keep a library book?",
     ["For how long can I keep a library book?", "What is the loan period of a library book?"],
     ["How many library books can I borrow?", "How long can I keep a library DVD?"]),
    ("What is the melting point of iron?",
     ["At what temperature does iron melt?", "What's iron's melting point?"],
     ["What is the melting point of copper?", "What is the boiling point of iron?"]),
    ("Do I need a visa to visit Japan?",
     ["Is a visa required to visit Japan?", "Do I need a visa for a visit to Japan?"],
     ["Do I need a visa to visit China?", "Do I need a vaccine to visit Japan?"]),
    ("How do I report a security incident?",
     ["How can I report a security incident?", "What is the procedure to report a security incident?"],
     ["How do I report a safety incident?", "How do I close a security incident?"]),
    ("What is the password policy for admin accounts?",
     ["What password policy applies to admin accounts?", "Explain the password policy for admin accounts"],
     ["What is the password policy for guest accounts?", "What is the lockout policy for admin accounts?"]),
    ("How many seats does the auditorium have?",
     ["How many people fit in the auditorium?", "What is the seating capacity of the auditorium?"],
     ["How many seats does the cinema have?", "How many exits does the auditorium have?"]),
    ("When is the quarterly all-hands meeting?",
     ["When does the quarterly all-hands meeting take place?", "When's the quarterly all-hands?"],
     ["Where is the quarterly all-hands meeting?", "When is the annual all-hands meeting?"]),
    ("Can I expense a taxi to the airport?",
     ["Is a taxi to the airport expensable?", "Can a taxi to the airport be expensed?"],
     ["Can I expense a taxi from the airport?", "Can I expense a train to the airport?"]),
    ("What programming languages does the team use?",
     ["Which programming languages does the team use?", "What languages does the team program in?"],
     ["What programming languages does the team avoid?", "What databases does the team use?"]),
    ("Is there a discount for students?",
     ["Do students get a discount?", "Is a student discount available?"],
     ["Is there a discount for seniors?", "Is there no discount for students?"]),
    ("How do I merge two PDF files?",
     ["How can I merge two PDF files?", "What's the way to combine two PDF files?"],
     ["How do I split two PDF files?", "How do I merge three PDF files?"]),
    ("What does the acronym GDPR stand for?",
     ["What is GDPR short for?", "What does GDPR stand for?"],
     ["What does the acronym HIPAA stand for?", "When did GDPR come into force?"]),
]

def main():
    pairs = []
    for base, paraphrases, misses in DATA:
        for p in paraphrases:
            pairs.append({"text_a": base, "text_b": p, "label": 1})
        for m in misses:
            pairs.append({"text_a": base, "text_b": m, "label": 0})
    root = pathlib.Path(__file__).resolve().parent
    (root / "cache-pairs-holdout.json").write_text(json.dumps(pairs, indent=1, ensure_ascii=False) + "\n")
    positives = sum(p["label"] for p in pairs)
    print(f"{len(pairs)} pairs ({positives} paraphrases, {len(pairs) - positives} near misses) from {len(DATA)} questions")

main()
