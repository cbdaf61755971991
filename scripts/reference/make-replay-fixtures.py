#!/usr/bin/python3
"""Generates test/fixtures/replay/* once (Debian's python3-onnx 1.12, python3-sklearn, numpy).

Run: /usr/bin/python3 scripts/reference/make-replay-fixtures.py
Every folder is laid out as under a bundle's data/ (replay.json beside the files it names). Reported metrics
come from scikit-learn on the float32 outputs numpy computes for the same model, so the tests compare the
TypeScript replay with scikit-learn's numbers. The tests never run Python.
"""
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn import metrics as skm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'replay')
rng = np.random.default_rng(20260701)


def out(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def save_model(graph, path, opset=17, ir=8, extra_opsets=(), functions=()):
    opsets = [helper.make_opsetid('', opset)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    model = helper.make_model(graph, opset_imports=opsets, producer_name='make-replay-fixtures', functions=list(functions))
    model.ir_version = ir
    onnx.save(model, out(path))
    return model


def write_json(path, value):
    with open(out(path), 'w') as f:
        json.dump(value, f, indent=2)
        f.write('\n')


def write_csv(path, header, rows):
    with open(out(path), 'w') as f:
        f.write(','.join(header) + '\n')
        for r in rows:
            f.write(','.join(r) + '\n')


def fmt(x):
    return repr(float(x))


def linear_graph(name, w, b, output, out_shape):
    nfeat = w.shape[0]
    x = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', nfeat])
    y = helper.make_tensor_value_info(output, TensorProto.FLOAT, out_shape)
    nodes = [helper.make_node('Gemm', ['input', 'W', 'B'], [output])]
    inits = [numpy_helper.from_array(w.astype(np.float32), 'W'), numpy_helper.from_array(b.astype(np.float32), 'B')]
    return helper.make_graph(nodes, name, [x], [y], inits)


# ---------- regression (csv), and the same with npy data, and an opset-21 twin ----------
def regression():
    n, f = 53, 3
    X = rng.normal(size=(n, f)).astype(np.float32)
    w = np.array([[1.5], [-2.0], [0.25]], dtype=np.float32)
    b = np.array([0.5], dtype=np.float32)
    y = (X @ w + b)[:, 0] + rng.normal(scale=0.3, size=n)
    pred = (X.astype(np.float32) @ w + b)[:, 0].astype(np.float32).astype(np.float64)
    reported = {
        'mae': skm.mean_absolute_error(y, pred), 'mse': skm.mean_squared_error(y, pred),
        'rmse': float(np.sqrt(skm.mean_squared_error(y, pred))), 'r2': skm.r2_score(y, pred),
        'max_error': skm.max_error(y, pred),
    }
    metrics = [{'name': k, 'tolerance': {'abs': 1e-6, 'rel': 1e-6}} for k in reported]
    g = linear_graph('regression', w, b, 'values', ['N', 1])
    for folder, opset, ir in (('regression', 17, 8), ('opset21', 21, 10)):
        save_model(g, f'{folder}/model/model.onnx', opset=opset, ir=ir)
        write_csv(f'{folder}/eval/test.csv', ['a', 'b', 'c', 'target'], [[fmt(v) for v in X[i]] + [fmt(y[i])] for i in range(n)])
        write_json(f'{folder}/replay.json', {
            'task': 'regression', 'model': 'model/model.onnx', 'outputKind': 'values',
            'data': {'path': 'eval/test.csv', 'format': 'csv', 'label': 'target'}, 'batchSize': 8, 'metrics': metrics})
        write_json(f'{folder}/reported.json', reported)
    # npy data: features and label as .npy files; external weights inside the model folder
    os.makedirs(out('regression-npy', 'model', 'x'), exist_ok=True)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='make-replay-fixtures')
    model.ir_version = 8
    onnx.save_model(model, out('regression-npy/model/model.onnx'), save_as_external_data=True, all_tensors_to_one_file=True,
                    location='weights.bin', size_threshold=0)
    np.save(out('regression-npy/eval/features.npy'), X.astype('>f4'))  # big-endian on purpose
    np.save(out('regression-npy/eval/label.npy'), y.astype('<f8'))
    write_json('regression-npy/replay.json', {
        'task': 'regression', 'model': 'model/model.onnx',
        'data': {'path': 'eval/features.npy', 'format': 'npy', 'features': ['eval/features.npy'], 'label': 'eval/label.npy'},
        'batchSize': 16, 'metrics': metrics})
    write_json('regression-npy/reported.json', reported)


# ---------- classifier with logits output, jsonl data with string labels, recorded predictions ----------
def classifier_logits():
    n, f, k = 61, 4, 3
    names = ['setosa', 'versicolor', 'virginica']  # sorted: class index i is names[i]
    centers = rng.normal(scale=2.0, size=(k, f))
    yi = rng.integers(0, k, size=n)
    X = (centers[yi] + rng.normal(scale=1.2, size=(n, f))).astype(np.float32)
    w = (centers.T / 2).astype(np.float32)
    b = np.zeros(k, dtype=np.float32)
    logits = (X @ w + b).astype(np.float32).astype(np.float64)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    pred = p.argmax(axis=1)
    labels = list(range(k))
    reported = {
        'accuracy': skm.accuracy_score(yi, pred), 'balanced_accuracy': skm.balanced_accuracy_score(yi, pred),
        'macro_f1': skm.f1_score(yi, pred, average='macro'), 'weighted_f1': skm.f1_score(yi, pred, average='weighted'),
        'log_loss': skm.log_loss(yi, p, labels=labels), 'roc_auc': skm.roc_auc_score(yi, p, multi_class='ovr', average='macro'),
    }
    save_model(linear_graph('classifier', w, b, 'logits', ['N', k]), 'classifier-logits/model/model.onnx')
    with open(out('classifier-logits/eval/test.jsonl'), 'w') as fh:
        for i in range(n):
            fh.write(json.dumps({'x0': float(X[i, 0]), 'x1': float(X[i, 1]), 'x2': float(X[i, 2]), 'x3': float(X[i, 3]), 'species': names[yi[i]]}) + '\n')
    write_csv('classifier-logits/eval/predictions.csv', ['prediction'], [[names[c]] for c in pred])
    write_json('classifier-logits/replay.json', {
        'task': 'classification', 'model': 'model/model.onnx', 'outputKind': 'logits',
        'data': {'path': 'eval/test.jsonl', 'format': 'jsonl', 'label': 'species'}, 'batchSize': 5,
        'metrics': [{'name': k2, 'tolerance': {'abs': 1e-6, 'rel': 1e-6}} for k2 in reported],
        'predictions': 'eval/predictions.csv'})
    write_json('classifier-logits/reported.json', reported)
    # the same rows through ai.onnx.ml LinearClassifier, which carries its class names in its own order
    order = [2, 0, 1]  # model class j is names[order[j]]: not the sorted order, so the model's names must be used
    coef = np.stack([w[:, c] for c in order]).astype(np.float32)  # C x F
    z = (X @ coef.T).astype(np.float32).astype(np.float64)
    pz = np.exp(z - z.max(axis=1, keepdims=True))
    pz /= pz.sum(axis=1, keepdims=True)
    yj = np.array([order.index(c) for c in yi])
    pred_j = pz.argmax(axis=1)
    rep2 = {'accuracy': skm.accuracy_score(yj, pred_j), 'macro_f1': skm.f1_score(yj, pred_j, average='macro'),
            'log_loss': skm.log_loss(yj, pz, labels=list(range(k))), 'top_k_accuracy': 1.0}
    xin = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', f])
    node = helper.make_node('LinearClassifier', ['input'], ['label', 'probabilities'], domain='ai.onnx.ml',
                            coefficients=coef.flatten().tolist(), intercepts=[0.0] * k, classlabels_strings=[names[c] for c in order],
                            multi_class=0, post_transform='SOFTMAX')
    g = helper.make_graph([node], 'mlclassifier', [xin], [helper.make_tensor_value_info('label', TensorProto.STRING, ['N']),
                                                          helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, ['N', k])])
    save_model(g, 'classifier-ml/model/model.onnx', extra_opsets=[('ai.onnx.ml', 1)])
    shutil.copy(out('classifier-logits/eval/test.jsonl'), out('classifier-ml/eval/test.jsonl'))
    shutil.copy(out('classifier-logits/eval/predictions.csv'), out('classifier-ml/eval/predictions.csv'))
    base = {'task': 'classification', 'model': 'model/model.onnx', 'data': {'path': 'eval/test.jsonl', 'format': 'jsonl', 'label': 'species'},
            'predictions': 'eval/predictions.csv'}
    write_json('classifier-ml/replay.json', {**base, 'modelOutput': 'probabilities', 'outputKind': 'probabilities',
                                             'metrics': [{'name': m, 'tolerance': {'abs': 1e-6}} for m in rep2]})
    write_json('classifier-ml/labels.replay.json', {**base, 'modelOutput': 'label', 'outputKind': 'labels',
                                                    'metrics': [{'name': m, 'tolerance': {'abs': 1e-9}} for m in ('accuracy', 'macro_f1')]})
    write_json('classifier-ml/reported.json', rep2)


# ---------- tensor task: cases as .npy and as ONNX TensorProto .pb ----------
def tensor():
    x = helper.make_tensor_value_info('x', TensorProto.FLOAT, [2, 3])
    y = helper.make_tensor_value_info('y', TensorProto.FLOAT, [2, 3])
    nodes = [helper.make_node('Mul', ['x', 'two'], ['t']), helper.make_node('Relu', ['t'], ['y'])]
    g = helper.make_graph(nodes, 'tensor', [x], [y], [numpy_helper.from_array(np.array(2.0, dtype=np.float32), 'two')])
    save_model(g, 'tensor/model/model.onnx')
    cases = []
    for i in range(2):
        xi = rng.normal(size=(2, 3)).astype(np.float32)
        yi = np.maximum(xi * 2, 0).astype(np.float32)
        if i == 0:
            np.save(out(f'tensor/tensors/input_{i}.npy'), xi)
            np.save(out(f'tensor/tensors/output_{i}.npy'), yi)
            cases.append({'inputs': {'x': f'tensors/input_{i}.npy'}, 'outputs': {'y': f'tensors/output_{i}.npy'}})
        else:
            with open(out(f'tensor/tensors/input_{i}.pb'), 'wb') as fh:
                fh.write(numpy_helper.from_array(xi, 'x').SerializeToString())
            t = helper.make_tensor('y', TensorProto.FLOAT, [2, 3], yi.flatten().tolist())  # typed float_data, not raw
            with open(out(f'tensor/tensors/output_{i}.pb'), 'wb') as fh:
                fh.write(t.SerializeToString())
            cases.append({'inputs': {'x': f'tensors/input_{i}.pb'}, 'outputs': {'y': f'tensors/output_{i}.pb'}})
    write_json('tensor/replay.json', {'task': 'tensor', 'model': 'model/model.onnx', 'cases': cases,
                                      'metrics': [{'name': 'max_abs_error', 'tolerance': {'abs': 1e-6}},
                                                  {'name': 'mean_abs_error', 'tolerance': {'abs': 1e-6}}]})
    write_json('tensor/reported.json', {'max_abs_error': 0.0, 'mean_abs_error': 0.0})


# ---------- hostile models: refused before the runtime sees them ----------
def external_tensor(name, location):
    t = helper.make_tensor(name, TensorProto.FLOAT, [1], [0.0])
    t.ClearField('float_data')
    t.data_location = TensorProto.EXTERNAL
    e = t.external_data.add()
    e.key, e.value = 'location', location
    return t


def hostile():
    x = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 1])
    y = helper.make_tensor_value_info('values', TensorProto.FLOAT, ['N', 1])
    for name, loc in (('ext-dotdot', '../secret.bin'), ('ext-absolute', '/etc/passwd'), ('ext-backslash', '..\\secret.bin'),
                      ('ext-symlink', 'link.bin'), ('ext-missing-inside', 'sub/../../secret.bin')):
        g = helper.make_graph([helper.make_node('Add', ['input', 'W'], ['values'])], name, [x], [y], [external_tensor('W', loc)])
        save_model(g, f'hostile/{name}.onnx')
    # external data hidden in a Constant inside an If subgraph
    then_g = helper.make_graph([helper.make_node('Constant', [], ['c'], value=external_tensor('c', '../../etc/shadow'))], 'then', [],
                               [helper.make_tensor_value_info('c', TensorProto.FLOAT, [1])])
    else_g = helper.make_graph([helper.make_node('Constant', [], ['d'], value=helper.make_tensor('d', TensorProto.FLOAT, [1], [1.0]))], 'else', [],
                               [helper.make_tensor_value_info('d', TensorProto.FLOAT, [1])])
    cond = helper.make_tensor_value_info('cond', TensorProto.BOOL, [])
    g = helper.make_graph([helper.make_node('If', ['cond'], ['values'], then_branch=then_g, else_branch=else_g)], 'subgraph', [cond],
                          [helper.make_tensor_value_info('values', TensorProto.FLOAT, [1])])
    save_model(g, 'hostile/ext-subgraph.onnx')
    # a custom operator domain (a native library would be needed: refused)
    g = helper.make_graph([helper.make_node('Evil', ['input'], ['values'], domain='com.example.evil')], 'custom', [x], [y])
    save_model(g, 'hostile/custom-domain.onnx', extra_opsets=[('com.example.evil', 1)])
    # a local function's own domain is allowed
    fn = helper.make_function('local.fns', 'Twice', ['a'], ['b'], [helper.make_node('Add', ['a', 'a'], ['b'])], [helper.make_opsetid('', 17)])
    g = helper.make_graph([helper.make_node('Twice', ['input'], ['values'], domain='local.fns')], 'fn', [x], [y])
    save_model(g, 'hostile/local-function-ok.onnx', extra_opsets=[('local.fns', 1)], functions=[fn])
    with open(out('hostile/not-onnx.onnx'), 'wb') as fh:
        fh.write(b'\xff\xff\xff\xff this is not a protobuf')


# ---------- models that eat memory or time (limit tests): regression over one column ----------
def hogs():
    x = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 1])
    y = helper.make_tensor_value_info('values', TensorProto.FLOAT, ['N'])
    shape = numpy_helper.from_array(np.array([1, 1 << 30], dtype=np.int64), 'shape')  # 4 GiB of float32 per row
    nodes = [helper.make_node('Expand', ['input', 'shape'], ['big']), helper.make_node('ReduceMean', ['big'], ['values'], axes=[1], keepdims=0)]
    save_model(helper.make_graph(nodes, 'memory-hog', [x], [y], [shape]), 'hogs/memory/model.onnx', opset=17)
    # Loop with a huge trip count: practically endless
    trip = numpy_helper.from_array(np.array(1 << 60, dtype=np.int64), 'trip')
    cond = numpy_helper.from_array(np.array(True), 'cond')
    body = helper.make_graph(
        [helper.make_node('Identity', ['c_in'], ['c_out']), helper.make_node('Add', ['v_in', 'one'], ['v_out'])], 'body',
        [helper.make_tensor_value_info('i', TensorProto.INT64, []), helper.make_tensor_value_info('c_in', TensorProto.BOOL, []),
         helper.make_tensor_value_info('v_in', TensorProto.FLOAT, ['N', 1])],
        [helper.make_tensor_value_info('c_out', TensorProto.BOOL, []), helper.make_tensor_value_info('v_out', TensorProto.FLOAT, ['N', 1])],
        [numpy_helper.from_array(np.array(1.0, dtype=np.float32), 'one')])
    nodes = [helper.make_node('Loop', ['trip', 'cond', 'input'], ['looped'], body=body), helper.make_node('ReduceMean', ['looped'], ['values'], axes=[1], keepdims=0)]
    save_model(helper.make_graph(nodes, 'time-hog', [x], [y], [trip, cond]), 'hogs/time/model.onnx', opset=17)
    write_csv('hogs/eval/test.csv', ['x', 'label'], [['1.0', '1.0'], ['2.0', '2.0']])
    for kind in ('memory', 'time'):
        write_json(f'hogs/{kind}.replay.json', {'task': 'regression', 'model': f'{kind}/model.onnx', 'data': {'path': 'eval/test.csv', 'format': 'csv'},
                                                'metrics': [{'name': 'mae', 'tolerance': {'abs': 1e-6}}]})


# ---------- text classification: a Hugging Face folder (WordLevel tokenizer, bag-of-embeddings model) ----------
def text():
    vocab = ['[PAD]', '[UNK]', 'good', 'great', 'fine', 'love', 'bad', 'awful', 'hate', 'poor', 'the', 'movie', 'was', 'food', 'is']
    emb = np.zeros((len(vocab), 2), dtype=np.float32)
    for w, s in (('good', 1.0), ('great', 2.0), ('fine', 0.3), ('love', 1.5), ('bad', -1.0), ('awful', -2.0), ('hate', -1.5), ('poor', -0.7)):
        emb[vocab.index(w)] = [-s, s]
    ids = helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch', 'seq'])
    mask = helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch', 'seq'])
    logits = helper.make_tensor_value_info('logits', TensorProto.FLOAT, ['batch', 2])
    nodes = [
        helper.make_node('Gather', ['E', 'input_ids'], ['e']),
        helper.make_node('Cast', ['attention_mask'], ['m'], to=TensorProto.FLOAT),
        helper.make_node('Unsqueeze', ['m', 'axis2'], ['m3']),
        helper.make_node('Mul', ['e', 'm3'], ['em']),
        helper.make_node('ReduceSum', ['em', 'axis1'], ['s'], keepdims=0),
        helper.make_node('ReduceSum', ['m3', 'axis1'], ['cnt'], keepdims=0),
        helper.make_node('Div', ['s', 'cnt'], ['mean']),
        helper.make_node('Add', ['mean', 'bias'], ['logits']),
    ]
    inits = [numpy_helper.from_array(emb, 'E'), numpy_helper.from_array(np.array([2], dtype=np.int64), 'axis2'),
             numpy_helper.from_array(np.array([1], dtype=np.int64), 'axis1'), numpy_helper.from_array(np.array([0.1, -0.1], dtype=np.float32), 'bias')]
    save_model(helper.make_graph(nodes, 'text', [ids, mask], [logits], inits), 'text/model/onnx/model.onnx')
    write_json('text/model/config.json', {'model_type': 'bert', 'architectures': ['BertForSequenceClassification'],
                                          'id2label': {'0': 'negative', '1': 'positive'}, 'label2id': {'negative': 0, 'positive': 1}})
    write_json('text/model/tokenizer_config.json', {'tokenizer_class': 'PreTrainedTokenizerFast', 'unk_token': '[UNK]', 'pad_token': '[PAD]',
                                                    'model_max_length': 64, 'do_lower_case': True})
    write_json('text/model/tokenizer.json', {
        'version': '1.0', 'truncation': None, 'padding': None,
        'added_tokens': [{'id': 0, 'content': '[PAD]', 'single_word': False, 'lstrip': False, 'rstrip': False, 'normalized': False, 'special': True},
                         {'id': 1, 'content': '[UNK]', 'single_word': False, 'lstrip': False, 'rstrip': False, 'normalized': False, 'special': True}],
        'normalizer': {'type': 'Lowercase'}, 'pre_tokenizer': {'type': 'Whitespace'}, 'post_processor': None, 'decoder': None,
        'model': {'type': 'WordLevel', 'vocab': {w: i for i, w in enumerate(vocab)}, 'unk_token': '[UNK]'}})
    texts = [('the movie was great', 1), ('the food is awful', 0), ('I love the food', 1), ('bad movie', 0), ('the movie was fine', 1),
             ('poor food', 0), ('hate it', 0), ('good good good', 1), ('the food was good but the movie was bad', 0), ('great', 1), ('awful movie', 1)]
    names = ['negative', 'positive']
    rows, logit_rows = [], []
    for t, lab in texts:
        toks = [vocab.index(w) if w in vocab else 1 for w in t.lower().split()]
        lg = (emb[toks].sum(axis=0) / np.float32(len(toks)) + np.array([0.1, -0.1], dtype=np.float32)).astype(np.float32)
        logit_rows.append(lg.astype(np.float64))
        rows.append({'text': t, 'label': names[lab]})
    lg = np.array(logit_rows)
    p = np.exp(lg - lg.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    yt = np.array([lab for _, lab in texts])
    pred = p.argmax(axis=1)
    reported = {'accuracy': skm.accuracy_score(yt, pred), 'macro_f1': skm.f1_score(yt, pred, average='macro'),
                'log_loss': skm.log_loss(yt, p, labels=[0, 1]), 'roc_auc': skm.roc_auc_score(yt, p[:, 1])}
    with open(out('text/eval/test.jsonl'), 'w') as fh:
        for r in rows:
            fh.write(json.dumps(r) + '\n')
    write_json('text/replay.json', {'task': 'text-classification', 'model': 'model', 'outputKind': 'logits',
                                    'data': {'path': 'eval/test.jsonl', 'format': 'jsonl', 'text': 'text', 'label': 'label'}, 'batchSize': 4,
                                    'metrics': [{'name': k, 'tolerance': {'abs': 1e-6, 'rel': 1e-6}} for k in reported]})
    write_json('text/reported.json', reported)


# ---------- the benchmark's model: 64 features -> 3 class probabilities (bench/replay.bench.ts makes the rows) ----------
def bench_model():
    w = np.random.default_rng(64).normal(size=(64, 3)).astype(np.float32)
    b = np.array([0.1, -0.2, 0.05], dtype=np.float32)
    x = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 64])
    y = helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, ['N', 3])
    nodes = [helper.make_node('Gemm', ['input', 'W', 'B'], ['logits']), helper.make_node('Softmax', ['logits'], ['probabilities'], axis=1)]
    g = helper.make_graph(nodes, 'linear64', [x], [y], [numpy_helper.from_array(w, 'W'), numpy_helper.from_array(b, 'B')])
    save_model(g, 'bench-linear64/model/model.onnx')


if __name__ == '__main__':
    shutil.rmtree(ROOT, ignore_errors=True)
    regression()
    classifier_logits()
    tensor()
    hostile()
    hogs()
    text()
    bench_model()
    with open(out('README.md'), 'w') as fh:
        fh.write('Generated by scripts/reference/make-replay-fixtures.py (onnx %s, scikit-learn, numpy %s); do not edit by hand.\n'
                 'Each folder is laid out as under a bundle\'s data/; reported.json holds the metrics scikit-learn computed.\n'
                 % (onnx.__version__, np.__version__))
    print('wrote', ROOT)
