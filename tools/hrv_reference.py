#!/usr/bin/env python3
"""An independent numpy/scipy reading of shared/HRV-SPEC.md, used to cross-check `trustbeat hrv`.

Not part of the build or the test run (CI has no numpy guarantee); the Java tests keep golden
values this script produced, under hrv/src/test/resources/golden/. Usage:
    tools/hrv_reference.py FILE [--window S] [--whole] [--unit s|ms]   # prints JSON lines
"""
import argparse, json, math, sys
import numpy as np
from scipy.interpolate import CubicSpline
from scipy.signal import welch


def load(path, unit):
    vals = [float(l) for l in open(path) if l.strip() and not l.startswith('#')]
    rr = np.array(vals) * (1000.0 if unit == 's' else 1.0)
    return np.cumsum(rr / 1000.0), rr


def clean(rr):
    acc = np.zeros(len(rr), bool); last = None
    for i, v in enumerate(rr):
        if not math.isfinite(v) or v < 300 or v > 2000: continue
        if last is not None and abs(v - last) / last > 0.2: continue
        acc[i] = True; last = v
    return acc


def std(x):
    return float(np.std(x, ddof=1)) if len(x) >= 2 else None


def sampen(x):
    n = len(x)
    if n < 10: return None
    r = 0.2 * np.std(x, ddof=1); m = 2; N = n - m
    t2 = np.array([x[i:i + 2] for i in range(N)]); t3 = np.array([x[i:i + 3] for i in range(N)])
    B = A = 0
    for i in range(N - 1):
        d2 = np.max(np.abs(t2[i + 1:] - t2[i]), axis=1) <= r
        d3 = np.max(np.abs(t3[i + 1:] - t3[i]), axis=1) <= r
        B += int(np.sum(d2)); A += int(np.sum(d3))
    if A == 0 or B == 0: return None
    return float(-np.log(A / B))


def dfa(x, lo, hi):
    y = np.cumsum(x - np.mean(x)); ls, lf = [], []
    for s in range(lo, hi + 1):
        nb = len(y) // s; res = []
        for b in range(nb):
            seg = y[b * s:(b + 1) * s]; xs = np.arange(s)
            p = np.polyfit(xs, seg, 1); res.append(seg - np.polyval(p, xs))
        F = np.sqrt(np.mean(np.concatenate(res) ** 2))
        if F <= 0: return None
        ls.append(np.log10(s)); lf.append(np.log10(F))
    return float(np.polyfit(ls, lf, 1)[0])


def freq(t, nn):
    keys = ['vlf', 'lf', 'hf', 'total_power', 'lf_hf', 'lf_nu', 'hf_nu', 'lf_peak', 'hf_peak']
    if len(nn) < 100 or t[-1] - t[0] < 120: return {k: None for k in keys}
    K = int(np.floor(4 * (t[-1] - t[0])))
    g = t[0] + np.arange(K + 1) / 4.0
    x = CubicSpline(t, nn)(g)
    nper = min(1024, len(x))
    f, p = welch(x, fs=4, window='hann', nperseg=nper, noverlap=nper // 2, detrend='constant', scaling='density')
    def band(lo, hi):
        m = (f >= lo) & (f < hi)
        return float(np.trapezoid(p[m], f[m])) if m.sum() > 0 else 0.0, (float(f[m][np.argmax(p[m])]) if m.sum() else None)
    vlf, _ = band(0.0033, 0.04); lf, lfp = band(0.04, 0.15); hf, hfp = band(0.15, 0.4)
    return dict(vlf=vlf, lf=lf, hf=hf, total_power=vlf + lf + hf, lf_hf=lf / hf if hf else None,
                lf_nu=100 * lf / (lf + hf) if lf + hf else None, hf_nu=100 * hf / (lf + hf) if lf + hf else None,
                lf_peak=lfp, hf_peak=hfp)


def window(t, rr, acc, idx, start):
    o = {'window_start': start, 'n_total': len(idx), 'n_rejected': int(np.sum(~acc[idx]))}
    nn = rr[idx][acc[idx]]; tn = t[idx][acc[idx]]; n = len(nn)
    s = set(idx.tolist())
    pairs = [(rr[i - 1], rr[i]) for i in idx if acc[i] and i - 1 in s and acc[i - 1]]
    d = np.array([b - a for a, b in pairs]); m = len(d)
    hr = 60000.0 / nn
    counts = np.bincount(np.floor(nn / 7.8125).astype(int))
    o.update(n_nn=n, mean_nn=float(np.mean(nn)), median_nn=float(np.median(nn)), sdnn=std(nn),
             rmssd=float(np.sqrt(np.mean(d ** 2))) if m else None, sdsd=std(d) if m >= 2 else None,
             nn50=int(np.sum(np.abs(d) > 50)), pnn50=100 * np.sum(np.abs(d) > 50) / m if m else None,
             nn20=int(np.sum(np.abs(d) > 20)), pnn20=100 * np.sum(np.abs(d) > 20) / m if m else None,
             cvnn=std(nn) / np.mean(nn) if n >= 2 else None, mean_hr=float(np.mean(hr)), std_hr=std(hr),
             min_hr=float(np.min(hr)), max_hr=float(np.max(hr)), hti=n / int(np.max(counts)))
    o.update(freq(tn, nn))
    if m >= 2:
        a = np.array(pairs); sd1 = std((a[:, 1] - a[:, 0]) / np.sqrt(2)); sd2 = std((a[:, 1] + a[:, 0]) / np.sqrt(2))
        o.update(sd1=sd1, sd2=sd2, sd1_sd2=sd1 / sd2)
    else:
        o.update(sd1=None, sd2=None, sd1_sd2=None)
    o.update(sampen=sampen(nn), dfa_a1=dfa(nn, 4, 16) if n >= 32 else None, dfa_a2=dfa(nn, 16, 64) if n >= 128 else None)
    return {k: (float(v) if isinstance(v, (np.floating,)) else v) for k, v in o.items()}


def main():
    ap = argparse.ArgumentParser(); ap.add_argument('file'); ap.add_argument('--window', type=float, default=300)
    ap.add_argument('--whole', action='store_true'); ap.add_argument('--unit')
    ap.add_argument('--limit', type=int, default=0, help='only the first N beats')
    a = ap.parse_args()
    unit = a.unit or ('s' if a.file.endswith('_rr_secs.txt') else 'ms')
    t, rr = load(a.file, unit)
    if a.limit: t, rr = t[:a.limit], rr[:a.limit]
    acc = clean(rr)
    if a.whole:
        o = window(t, rr, acc, np.arange(len(rr)), 0)
        keys = np.floor(t / 300).astype(np.int64); means, sds = [], []
        for k in np.unique(keys):
            nn = rr[(keys == k) & acc]
            if len(nn) >= 2: means.append(np.mean(nn)); sds.append(np.std(nn, ddof=1))
        o['sdann'] = float(np.std(means, ddof=1)) if len(means) >= 2 else None
        o['sdnn_index'] = float(np.mean(sds)) if sds else None
        print(json.dumps(o)); return
    keys = np.floor(t / a.window).astype(np.int64)
    for k in np.unique(keys):
        idx = np.nonzero(keys == k)[0]
        if acc[idx].any(): print(json.dumps(window(t, rr, acc, idx, float(k * a.window))))


if __name__ == '__main__':
    main()
