#!/usr/bin/python3
"""The script a user would otherwise run for bench/replay-vs-pandas.bench.ts: pandas read_csv, numpy inference of the
same 64 -> 3 Gemm + Softmax model (weights read from the ONNX file's initializers with onnx.numpy_helper), and
scikit-learn's accuracy and log_loss. Debian's python3-pandas, python3-numpy, python3-sklearn, python3-onnx.

Usage: replay_pandas.py MODEL.onnx DATA.csv  -> prints {"accuracy": ..., "log_loss": ...}
"""
import json
import sys

import numpy as np
import onnx
import pandas as pd
from onnx import numpy_helper
from sklearn.metrics import accuracy_score, log_loss

model = onnx.load(sys.argv[1])
weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
W, B = weights['W'], weights['B']
df = pd.read_csv(sys.argv[2])
y = df.pop('label').to_numpy()
X = df.to_numpy(dtype=np.float32)
z = X @ W + B
z -= z.max(axis=1, keepdims=True)
p = np.exp(z)
p /= p.sum(axis=1, keepdims=True)
print(json.dumps({'accuracy': accuracy_score(y, p.argmax(axis=1)), 'log_loss': log_loss(y, p.astype(np.float64), labels=[0, 1, 2])}))
