#!/usr/bin/python3
"""Reference values for the replay metrics, computed by scikit-learn.

Run ONCE with Debian's python3-sklearn (1.2.1):  /usr/bin/python3 scripts/reference/make-metric-references.py
Writes test/fixtures/metrics/sklearn-reference.json; the TypeScript tests read that file and never run Python.

Every case holds the inputs exactly as the app passes them to computeMetric (class indices, row-major
probabilities, classes) and, per applicable metric, either {"value": x} or {"error": sklearn's message}
when scikit-learn refuses the input. Non-finite values are written as the strings "NaN", "Infinity".
The calls mirror BUNDLE-FORMAT section 3: log_loss and top_k use labels=range(classes); roc_auc takes
the probability of class 1 when there are two classes, otherwise one-vs-rest macro with labels=range(classes).
"""
import json
import math
import os
import platform
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

warnings.simplefilter("ignore")  # zero_division and k >= n_classes warnings are expected here

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "metrics", "sklearn-reference.json")
rng = np.random.default_rng(20261126)


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def run(fn):
    try:
        return {"value": num(fn())}
    except ValueError as e:
        return {"error": str(e)}


def classification_metrics(yt, yp, proba, k):
    labels = list(range(k))
    out = {
        "accuracy": run(lambda: M.accuracy_score(yt, yp)),
        "balanced_accuracy": run(lambda: M.balanced_accuracy_score(yt, yp)),
        "macro_f1": run(lambda: M.f1_score(yt, yp, average="macro")),
        "weighted_f1": run(lambda: M.f1_score(yt, yp, average="weighted")),
        "micro_f1": run(lambda: M.f1_score(yt, yp, average="micro")),
        "macro_precision": run(lambda: M.precision_score(yt, yp, average="macro")),
        "macro_recall": run(lambda: M.recall_score(yt, yp, average="macro")),
    }
    if proba is not None:
        out["log_loss"] = run(lambda: M.log_loss(yt, proba, labels=labels))
        if k == 2:
            out["roc_auc"] = run(lambda: M.roc_auc_score(yt, proba[:, 1]))
            out["top_k_accuracy"] = run(lambda: M.top_k_accuracy_score(yt, proba[:, 1], k=5, labels=labels))
        else:
            out["roc_auc"] = run(
                lambda: M.roc_auc_score(yt, proba, multi_class="ovr", average="macro", labels=labels))
            out["top_k_accuracy"] = run(lambda: M.top_k_accuracy_score(yt, proba, k=5, labels=labels))
    return out


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


cases = []


def add_cls(name, yt, proba, k, yp=None, note=""):
    yt = np.asarray(yt, dtype=np.int64)
    if proba is not None:
        proba = np.asarray(proba, dtype=np.float64)
        if yp is None:
            yp = proba.argmax(axis=1)
    yp = np.asarray(yp, dtype=np.int64)
    case = {"name": name, "note": note, "task": "classification", "classes": k,
            "yTrue": yt.tolist(), "yPred": yp.tolist()}
    if proba is not None:
        case["probabilities"] = [num(v) for v in proba.ravel()]
    case["sklearn"] = classification_metrics(yt, yp, proba, k)
    cases.append(case)


def model_like(n, k, sharp=1.0, skill=1.5, present=None):
    """Labels and probabilities from a noisy classifier: logits favour the true class."""
    classes = np.arange(k) if present is None else np.asarray(present)
    yt = rng.choice(classes, size=n)
    z = rng.normal(size=(n, k))
    z[np.arange(n), yt] += skill
    return yt, softmax(z * sharp)


# binary, 3-class, 7-class, 12-class classifiers of a few sizes
for k, sizes in [(2, [5, 40, 200]), (3, [12, 60, 150]), (7, [30, 120]), (12, [80, 300])]:
    for n in sizes:
        yt, p = model_like(n, k)
        add_cls(f"{k}-class n={n}", yt, p, k)

# a perfect classifier and a useless one
yt, p = model_like(50, 3, skill=20.0)
add_cls("3-class perfect", yt, p, 3)
yt = rng.integers(0, 4, size=60)
add_cls("4-class uniform probabilities (all ties)", yt, np.full((60, 4), 0.25), 4, yp=np.zeros(60, dtype=np.int64))

# classes missing from y_true (roc_auc is undefined), from y_pred, or from both
yt, p = model_like(40, 4, present=[0, 1, 3])
add_cls("4-class, class 2 absent from y_true", yt, p, 4)
yt, p = model_like(40, 3)
add_cls("3-class, y_pred never predicts class 2", yt, p, 3, yp=np.where(p.argmax(axis=1) == 2, 0, p.argmax(axis=1)))
yt, p = model_like(40, 5, present=[0, 1, 2])
add_cls("5-class, y_pred uses a class absent from y_true", yt, p, 5, yp=np.where(yt == 2, 4, yt))
yt, p = model_like(30, 6, present=[1, 4])
add_cls("6-class, only classes 1 and 4 anywhere", yt, p, 6, yp=np.where(rng.random(30) < 0.3, 5 - yt, yt) % 6)
yt, p = model_like(20, 2, present=[0])
add_cls("binary, y_true has one class", yt, p, 2)
yt, p = model_like(25, 3, present=[2])
add_cls("3-class, y_true all class 2", yt, p, 3)
add_cls("binary, every prediction wrong", [0, 1, 0, 1, 1], [[0.2, 0.8], [0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.55, 0.45]], 2)

# ties in scores: probabilities rounded to one decimal
for k, n in [(2, 80), (3, 90), (7, 70)]:
    yt, p = model_like(n, k, skill=0.8)
    q = np.round(p, 1)
    q[:, -1] = np.round(1.0 - q[:, :-1].sum(axis=1), 10)  # keep rows summing to ~1 for multiclass roc_auc
    if (q < 0).any():
        q = np.round(p * 4) / 4
        q = q / q.sum(axis=1, keepdims=True)
    add_cls(f"{k}-class tied scores n={n}", yt, q, k)

# near-0/1 probabilities: clipping at float64 eps, exact 0 and 1, rows not summing to 1
yt, p = model_like(40, 3, sharp=40.0)
add_cls("3-class near-0/1 probabilities (clipped)", yt, p, 3)
add_cls("binary exact 0 and 1, confidently wrong", [0, 1, 1, 0, 1, 0], [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1e-300, 1.0]], 2)
yt, p = model_like(30, 4)
add_cls("4-class rows summing to 0.9 (log_loss renormalises, roc_auc refuses)", yt, p * 0.9, 4)
yt, p = model_like(30, 3)
add_cls("3-class rows off by 1e-9 (within allclose)", yt, p * (1 + 1e-9), 3)
add_cls("binary rows summing to 1.3", [0, 1, 1, 0], [[0.7, 0.6], [0.2, 1.1], [0.5, 0.8], [0.9, 0.4]], 2)
yt, p = model_like(10, 3)
add_cls("3-class labels only (no probabilities)", yt, None, 3, yp=p.argmax(axis=1))


def add_reg(name, yt, yp, note=""):
    yt = np.asarray(yt, dtype=np.float64)
    yp = np.asarray(yp, dtype=np.float64)
    out = {
        "mae": run(lambda: M.mean_absolute_error(yt, yp)),
        "mse": run(lambda: M.mean_squared_error(yt, yp)),
        "rmse": run(lambda: M.mean_squared_error(yt, yp, squared=False)),
        "r2": run(lambda: M.r2_score(yt, yp)),
        "max_error": run(lambda: M.max_error(yt, yp)),
    }
    cases.append({"name": name, "note": note, "task": "regression", "yTrue": [num(v) for v in yt],
                  "yPred": [num(v) for v in yp], "sklearn": out})


for n in [5, 50, 400, 1000]:
    yt = rng.normal(3.0, 2.0, size=n)
    add_reg(f"regression n={n}", yt, yt + rng.normal(0, 0.5, size=n))
yt = rng.normal(0, 1, size=100)
yp = yt + rng.normal(0, 0.1, size=100)
yp[[3, 50, 97]] += [40.0, -25.0, 1e3]
add_reg("regression with outliers", yt, yp)
yt = rng.normal(1e6, 1.0, size=200)
add_reg("large offset, small spread", yt, yt + rng.normal(0, 0.01, size=200))
add_reg("perfect predictions", yt[:20], yt[:20])
add_reg("constant y_true 2.0, imperfect (r2 = 0)", np.full(10, 2.0), np.full(10, 2.5))
add_reg("constant y_true 2.0, perfect (r2 = 1)", np.full(10, 2.0), np.full(10, 2.0))
add_reg("constant y_true 0.1 (numpy's mean is off by an ulp: huge negative r2)", np.full(3, 0.1), np.full(3, 0.11))
add_reg("constant y_true 0.7 n=129", np.full(129, 0.7), np.linspace(0.6, 0.8, 129))
add_reg("single sample (r2 undefined)", [1.5], [2.0])
add_reg("worse than the mean (negative r2)", [1, 2, 3, 4], [4, 3, 2, 1])


def add_tensor(name, expected, actual):
    e = np.asarray(expected, dtype=np.float64).ravel()
    a = np.asarray(actual, dtype=np.float64).ravel()
    out = {"max_abs_error": run(lambda: M.max_error(e, a)),
           "mean_abs_error": run(lambda: M.mean_absolute_error(e, a))}
    cases.append({"name": name, "note": "sklearn max_error / mean_absolute_error on the flattened tensors",
                  "task": "tensor", "expected": [num(v) for v in e], "yPred": [num(v) for v in a], "yTrue": [],
                  "sklearn": out})


x = rng.normal(size=(4, 5)).astype(np.float32).astype(np.float64)
add_tensor("float32 tensor, float32 rounding noise", x, (x * (1 + rng.normal(0, 1e-7, size=x.shape))).astype(np.float32))
add_tensor("tensor exact match", x, x)
add_tensor("tensor with one far element", x, x + np.where(np.arange(20).reshape(4, 5) == 7, 0.5, 0.0))

# numpy summation order, checked directly
sums = []
for n in [1, 7, 8, 9, 100, 128, 129, 1000, 2051]:
    v = rng.normal(size=n) * 10 ** rng.uniform(-4, 4, size=n)
    sums.append({"values": v.tolist(), "sum": float(np.sum(v))})

doc = {
    "generator": "scripts/reference/make-metric-references.py",
    "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
    "cases": cases,
    "sums": sums,
}
with open(OUT, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}", file=sys.stderr)
