#!/usr/bin/env python3
"""An independent numpy/scipy reading of shared/HRV-SPEC.md (version 2), used to cross-check `trustbeat hrv`.

Written from the spec text alone. Not part of the build or the test run (CI has no numpy guarantee);
the Java tests keep golden values this script produced, under hrv/src/test/resources/golden/. Usage:
    tools/hrv_reference.py FILE [--window S] [--limit N] [--unit s|ms]   # one JSON line per window
    tools/hrv_reference.py FILE --whole [--limit N]                      # one JSON object, whole record
    tools/hrv_reference.py FILE... --stats [--limit N]                   # cleaning statistics per file

Every window holding at least one beat is printed, whatever its quality. Numbers are printed with
Python's repr (full double precision); absent metrics are null.
"""
import argparse, json, math, sys
import numpy as np
from scipy.interpolate import CubicSpline
from scipy.signal import welch

CONTEXT = 30.0          # s of context on each side of a window (spec section 3)
NEIGHBOURS = 5          # up to 5 before and 5 after (spec section 2)
MAX_DT = 30.0           # neighbour beats within 30 s (spec section 2)
TOLERANCE = 0.20        # relative deviation from the neighbours' median (spec section 2)


def load(path, unit):
    """RR values (ms) and beat times t_i = cumulative sum of RR in s, t_1 = rr_1/1000 (spec section 1)."""
    with open(path) as fh:
        vals = [float(l) for l in fh if l.strip() and not l.startswith('#')]
    rr = np.array(vals) * (1000.0 if unit == 's' else 1.0)
    return np.cumsum(rr / 1000.0), rr


# ---------------------------------------------------------------- section 2: cleaning

def median_of_first(sorted_row, c):
    """Median of the first c values of an ascending row: the middle one, or the mean of the two middle ones."""
    if c % 2:
        return sorted_row[c // 2]
    return (sorted_row[c // 2 - 1] + sorted_row[c // 2]) / 2.0


def clean(t, rr):
    """Accepted (NN) mask for the beat sequence (t, rr), in its order. Each decision uses raw values only."""
    n = len(rr)
    in_range = np.isfinite(rr) & (rr >= 300.0) & (rr <= 2000.0)
    nb = np.full((n, 2 * NEIGHBOURS), np.nan)   # neighbour values, NaN where there is none
    col = 0
    for k in range(1, NEIGHBOURS + 1):
        for i, j in ((np.arange(k, n), np.arange(0, n - k)),      # j = i - k
                     (np.arange(0, n - k), np.arange(k, n))):     # j = i + k
            ok = in_range[j] & (np.abs(t[j] - t[i]) <= MAX_DT)
            nb[i[ok], col] = rr[j[ok]]
            col += 1
    count = np.sum(~np.isnan(nb), axis=1)
    nb.sort(axis=1)                                              # NaN sort last
    acc = in_range.copy()
    for i in np.nonzero(in_range & (count > 0))[0]:
        ref = median_of_first(nb[i], int(count[i]))
        if abs(rr[i] - ref) / ref > TOLERANCE:
            acc[i] = False
    return acc


# ---------------------------------------------------------------- metrics (sections 4-6)

def std(x):
    return float(np.std(x, ddof=1)) if len(x) >= 2 else None


def sampen(x):
    """Sample entropy, m = 2, r = 0.2 sdnn, Chebyshev distance <= r, self-matches excluded, both template
    lengths over the same N - m starting points. Counting is exact: all pairs are compared, in blocks of
    templates sorted by their first value, skipping block pairs whose first values already differ by > r
    (float subtraction is monotone, so a skipped block holds no match)."""
    n = len(x)
    if n < 10: return None
    r = 0.2 * np.std(x, ddof=1); N = n - 2
    order = np.argsort(x[:N], kind='stable')
    a, b, c = x[:N][order], x[1:N + 1][order], x[2:N + 2][order]
    A = B = 0; bs = 1024
    for i0 in range(0, N, bs):
        i1 = min(N, i0 + bs)
        for j0 in range(i0, N, bs):
            j1 = min(N, j0 + bs)
            if a[j0] - a[i1 - 1] > r: break            # a ascending: this and all later blocks are too far
            m2 = (np.abs(a[i0:i1, None] - a[None, j0:j1]) <= r) & (np.abs(b[i0:i1, None] - b[None, j0:j1]) <= r)
            if j0 == i0: m2 = np.triu(m2, 1)           # each unordered pair once, no self-match
            m3 = m2 & (np.abs(c[i0:i1, None] - c[None, j0:j1]) <= r)
            B += int(np.count_nonzero(m2)); A += int(np.count_nonzero(m3))
    if A == 0 or B == 0: return None
    return float(-np.log(A / B))


def dfa(x, lo, hi):
    y = np.cumsum(x - np.mean(x)); ls, lf = [], []
    for s in range(lo, hi + 1):
        nb = len(y) // s
        Y = y[:nb * s].reshape(nb, s).T                 # one box per column
        X = np.vstack([np.arange(s, dtype=float), np.ones(s)]).T
        coef = np.linalg.lstsq(X, Y, rcond=None)[0]     # least-squares line in every box
        F = np.sqrt(np.mean((Y - X @ coef) ** 2))
        if F <= 0: return None
        ls.append(np.log10(s)); lf.append(np.log10(F))
    return float(np.polyfit(ls, lf, 1)[0])


FREQ_KEYS = ['vlf', 'lf', 'hf', 'total_power', 'lf_hf', 'lf_nu', 'hf_nu', 'lf_peak', 'hf_peak']


def freq(t, nn):
    if len(nn) < 100 or t[-1] - t[0] < 120: return {k: None for k in FREQ_KEYS}
    K = int(np.floor(4 * (t[-1] - t[0])))
    g = t[0] + np.arange(K + 1) / 4.0
    x = CubicSpline(t, nn)(g)                          # not-a-knot is CubicSpline's default
    nper = min(1200, len(x))
    # Frequencies are scipy's own (numpy rfftfreq: k * (1 / (nperseg / fs))), as in version 1.
    f, p = welch(x, fs=4, window='hann', nperseg=nper, noverlap=nper // 2, detrend='constant', scaling='density')
    def band(lo, hi):
        m = (f >= lo) & (f < hi)
        return float(np.trapezoid(p[m], f[m])) if m.sum() > 0 else 0.0, (float(f[m][np.argmax(p[m])]) if m.sum() else None)
    vlf, _ = band(0.0033, 0.04); lf, lfp = band(0.04, 0.15); hf, hfp = band(0.15, 0.4)
    return dict(vlf=vlf, lf=lf, hf=hf, total_power=vlf + lf + hf, lf_hf=lf / hf if hf else None,
                lf_nu=100 * lf / (lf + hf) if lf + hf else None, hf_nu=100 * hf / (lf + hf) if lf + hf else None,
                lf_peak=lfp, hf_peak=hfp)


def quality(pct):
    return 'good' if pct <= 5 else ('fair' if pct <= 20 else 'poor')


def analyse(t, rr, acc, own, start, orig=None):
    """Metrics of one window. t, rr, acc: a beat sequence and its cleaning; own: indices (ascending, into that
    sequence) of the window's own beats; orig: each beat's index in the original stream (default: the same).
    Successive pairs: two own beats, both accepted, adjacent in the original stream."""
    if orig is None: orig = np.arange(len(rr))
    n_total = len(own); n_rej = int(np.sum(~acc[own])); pct = 100.0 * n_rej / n_total
    o = {'window_start': float(start), 'n_total': n_total, 'n_rejected': n_rej,
         'artifact_pct': pct, 'quality': quality(pct)}
    keep = own[acc[own]]
    nn = rr[keep]; tn = t[keep]; n = len(nn)
    s = set(own.tolist())
    pairs = [(rr[i - 1], rr[i]) for i in own
             if acc[i] and i - 1 in s and acc[i - 1] and orig[i - 1] == orig[i] - 1]
    d = np.array([b - a for a, b in pairs]); m = len(d)
    hr = 60000.0 / nn
    o.update(n_nn=n, mean_nn=float(np.mean(nn)) if n else None, median_nn=float(np.median(nn)) if n else None,
             sdnn=std(nn),
             rmssd=float(np.sqrt(np.mean(d ** 2))) if m else None, sdsd=std(d) if m >= 2 else None,
             nn50=int(np.sum(np.abs(d) > 50)), pnn50=100 * np.sum(np.abs(d) > 50) / m if m else None,
             nn20=int(np.sum(np.abs(d) > 20)), pnn20=100 * np.sum(np.abs(d) > 20) / m if m else None,
             cvnn=std(nn) / np.mean(nn) if n >= 2 else None,
             mean_hr=float(np.mean(hr)) if n else None, std_hr=std(hr),
             min_hr=float(np.min(hr)) if n else None, max_hr=float(np.max(hr)) if n else None,
             hti=n / int(np.max(np.bincount(np.floor(nn / 7.8125).astype(int)))) if n else None)
    o.update(freq(tn, nn))
    if m >= 2:
        a = np.array(pairs); sd1 = std((a[:, 1] - a[:, 0]) / np.sqrt(2)); sd2 = std((a[:, 1] + a[:, 0]) / np.sqrt(2))
        o.update(sd1=sd1, sd2=sd2, sd1_sd2=sd1 / sd2 if sd2 else None)   # sd2 = 0: null, never NaN
    else:
        o.update(sd1=None, sd2=None, sd1_sd2=None)
    o.update(sampen=sampen(nn), dfa_a1=dfa(nn, 4, 16) if n >= 32 else None, dfa_a2=dfa(nn, 16, 64) if n >= 128 else None)
    return {k: (float(v) if isinstance(v, np.floating) else int(v) if isinstance(v, np.integer) else v)
            for k, v in o.items()}


# ---------------------------------------------------------------- section 3: windows

def tumbling(t, W):
    """(start, own indices) of every tumbling window [k W, (k+1) W) from 0 that holds a beat."""
    ks = np.floor(t / W).astype(np.int64)
    out = []
    for k in range(int(ks.min()) - 1, int(ks.max()) + 2):   # +-1: no beat lost to rounding of t / W
        start = k * W
        own = np.nonzero((t >= start) & (t < start + W))[0]
        if len(own): out.append((start, own))
    assert sum(len(o) for _, o in out) == len(t), 'every beat in exactly one window'
    return out


def window_cleaning(t, rr, start, W):
    """Clean the window [start, start+W) literally as section 3 says: from the subsequence of beats with t in
    [start-30, start+W+30), in stream order, own beats plus context beats. Returns (sub, acc_sub, own_pos):
    sub = indices of that subsequence in the stream, acc_sub its cleaning, own_pos the own beats' positions."""
    sub = np.nonzero((t >= start - CONTEXT) & (t < start + W + CONTEXT))[0]
    acc = clean(t[sub], rr[sub])
    own_pos = np.nonzero((t[sub] >= start) & (t[sub] < start + W))[0]
    return sub, acc, own_pos


def windows(t, rr, W):
    for start, _ in tumbling(t, W):
        sub, acc, own_pos = window_cleaning(t, rr, start, W)
        yield analyse(t[sub], rr[sub], acc, own_pos, start, orig=sub)


def whole(t, rr):
    acc = clean(t, rr)                                  # the whole record as one window: whole-stream cleaning
    o = analyse(t, rr, acc, np.arange(len(rr)), 0.0)
    # sdann / sdnn_index over the consecutive 300-s windows. Their cleaning uses the whole-stream decisions:
    # with t increasing, every neighbour of an own beat (within 30 s) lies inside [start-30, start+W+30) and the
    # subsequence is contiguous in the stream, so these equal the per-window-with-context decisions (the
    # --stats run checks this on every record).
    means, sds = [], []
    for start, own in tumbling(t, 300.0):
        nn = rr[own][acc[own]]
        pct = 100.0 * int(np.sum(~acc[own])) / len(own)
        if len(nn) >= 2 and quality(pct) != 'poor':
            means.append(np.mean(nn)); sds.append(np.std(nn, ddof=1))
    o['sdann'] = float(np.std(means, ddof=1)) if len(means) >= 2 else None
    o['sdnn_index'] = float(np.mean(sds)) if sds else None
    return o


def stats(name, t, rr):
    acc = clean(t, rr)
    rej = ~acc; run = best = 0
    for x in rej:
        run = run + 1 if x else 0; best = max(best, run)
    # independent check of "self-contained windows": per-window cleaning with context equals whole-stream cleaning
    same = True
    for W in (150.0, 300.0):
        for start, own in tumbling(t, W):
            sub, wacc, own_pos = window_cleaning(t, rr, start, W)
            same &= bool(np.array_equal(sub[own_pos], own) and np.array_equal(wacc[own_pos], acc[own]))
    return dict(file=name, beats=len(rr), rejected=int(rej.sum()), rejected_pct=100.0 * rej.sum() / len(rr),
                longest_rejected_run=best, windows_equal_whole=same)


def main():
    ap = argparse.ArgumentParser(); ap.add_argument('file', nargs='+'); ap.add_argument('--window', type=float, default=300)
    ap.add_argument('--whole', action='store_true'); ap.add_argument('--stats', action='store_true'); ap.add_argument('--unit')
    ap.add_argument('--limit', type=int, default=0, help='only the first N beats')
    a = ap.parse_args()
    if len(a.file) > 1 and not a.stats: ap.error('several files only with --stats')
    for path in a.file:
        unit = a.unit or ('s' if path.endswith('_rr_secs.txt') else 'ms')
        t, rr = load(path, unit)
        if a.limit: t, rr = t[:a.limit], rr[:a.limit]
        assert np.all(np.diff(t) > 0), 'beat times must increase'
        if a.stats:
            print(json.dumps(stats(path.rsplit('/', 1)[-1], t, rr)))
        elif a.whole:
            print(json.dumps(whole(t, rr)))
        else:
            for o in windows(t, rr, a.window): print(json.dumps(o))
            sys.stdout.flush()


if __name__ == '__main__':
    main()
