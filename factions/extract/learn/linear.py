"""A multinomial logistic regression over sparse binary features, in numpy.

The relation and event deciders are linear models over a few thousand string
features (lemmas on a dependency path, rule outputs, entity kinds). scikit-learn is
not a dependency, and a softmax over sparse features is a few lines: examples are
lists of feature ids, training is Adagrad with L2 over shuffled epochs from a fixed
seed, so two runs on the same corpus give the same weights. Only the features seen
at least `min_count` times are kept, and the model is written as JSON with
weights rounded, which keeps the shipped file small and diffable.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from factions.errors import DataError


PRUNE = 0.01  # weights this small change no decision; leaving them out keeps the shipped files small


@dataclass
class SoftmaxModel:
    labels: list[str]
    features: dict[str, int] = field(default_factory=dict)
    weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    bias: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def fit(cls, examples: Sequence[Sequence[str]], labels: Sequence[str], *, epochs: int = 30, l2: float = 1e-4,
            rate: float = 0.3, min_count: int = 2, seed: int = 13,
            label_weights: Mapping[str, float] | None = None, average: bool = False) -> "SoftmaxModel":
        """Fit on `examples` (feature lists) and their labels; `label_weights` scales the loss of the
        examples of a label (below 1 for `none`: the model says none less readily); `average` keeps
        the mean of the weights after each epoch rather than the last (steadier on a small corpus)."""
        counts = Counter(f for ex in examples for f in set(ex))
        names = sorted(f for f, n in counts.items() if n >= min_count)
        label_names = sorted(set(labels))
        model = cls(labels=label_names, features={f: i for i, f in enumerate(names)})
        n_feat, n_lab = len(names), len(label_names)
        w = np.zeros((n_feat, n_lab))
        b = np.zeros(n_lab)
        gw = np.full((n_feat, n_lab), 1e-8)
        gb = np.full(n_lab, 1e-8)
        rows = [model._ids(ex) for ex in examples]
        y = np.array([label_names.index(lab) for lab in labels])
        scale = np.array([(label_weights or {}).get(lab, 1.0) for lab in label_names])[y]
        rng = np.random.RandomState(seed)
        w_sum, b_sum = np.zeros_like(w), np.zeros_like(b)
        for _ in range(epochs):
            for k in rng.permutation(len(rows)):
                ids = rows[k]
                p = _softmax(w[ids].sum(axis=0) + b)
                p[y[k]] -= 1.0  # gradient of the log loss with respect to the scores
                p *= scale[k]
                grad = p[None, :] + l2 * w[ids]
                gw[ids] += grad ** 2
                w[ids] -= rate * grad / np.sqrt(gw[ids])
                gb += p ** 2
                b -= rate * p / np.sqrt(gb)
            if average:
                w_sum += w
                b_sum += b
        model.weights, model.bias = (w_sum / epochs, b_sum / epochs) if average else (w, b)
        return model

    def _ids(self, features: Sequence[str]) -> np.ndarray:
        return np.array(self._sorted_ids(features), dtype=np.int64)

    def _sorted_ids(self, features: Sequence[str]) -> list[int]:
        ids = set(map(self.features.get, features))  # the set and the lookups in C, not a comprehension
        ids.discard(None)
        return sorted(ids)

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        # called once per candidate: `take` of the sorted rows sums them in the same order as before, with less
        # numpy overhead than fancy indexing and array conversions
        ids = self._sorted_ids(features)
        scores = self.bias + (self.weights.take(ids, axis=0).sum(axis=0) if ids else 0.0)
        return dict(zip(self.labels, _softmax(scores).tolist()))

    def probability_rows(self, examples: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """`probabilities` of many examples at once (all the pairs of a document): one gather of the
        weight rows, one segmented sum and one softmax over the matrix, instead of numpy calls per example."""
        if not examples:
            return []
        rows = [self._sorted_ids(ex) for ex in examples]
        scores = np.tile(self.bias, (len(rows), 1))
        filled = [k for k, ids in enumerate(rows) if ids]
        if filled:
            flat = [i for k in filled for i in rows[k]]
            starts = np.cumsum([0] + [len(rows[k]) for k in filled[:-1]])
            scores[filled] += np.add.reduceat(self.weights.take(flat, axis=0), starts, axis=0)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = (e / e.sum(axis=1, keepdims=True)).tolist()
        return [dict(zip(self.labels, row)) for row in probs]

    def to_json(self) -> dict:
        """Non-zero weights only, per feature: {feature: {label index: weight}}."""
        sparse: dict[str, dict[str, float]] = {}
        for name, i in self.features.items():
            row = {str(j): round(float(v), 3) for j, v in enumerate(self.weights[i]) if abs(v) >= PRUNE}
            if row:
                sparse[name] = row
        return {"labels": self.labels, "bias": [round(float(v), 3) for v in self.bias], "weights": sparse}

    @classmethod
    def from_json(cls, data: dict) -> "SoftmaxModel":
        try:
            labels = list(data["labels"])
            names = sorted(data["weights"])
            w = np.zeros((len(names), len(labels)))
            for i, name in enumerate(names):
                for j, v in data["weights"][name].items():
                    w[i, int(j)] = v
            return cls(labels=labels, features={f: i for i, f in enumerate(names)}, weights=w,
                       bias=np.array(data["bias"], dtype=float))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataError(f"malformed model data: {exc}") from exc


def _softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max())
    return e / e.sum()
