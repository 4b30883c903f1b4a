package goodput

import "math"

// ClusterMTBF is the mean time between job interruptions of K accelerators
// that each fail as a Poisson process with mean time between failures m
// (seconds): the superposition is Poisson with rate K/m, so M = m/K. In
// synchronous training one failure anywhere stops the whole job.
func ClusterMTBF(perAccelerator float64, k int) float64 {
	return perAccelerator / float64(k)
}

// YoungInterval is Young's first-order optimum compute time between
// checkpoints, τ = √(2·δ·M), for checkpoint write time δ and mean time
// between interruptions M (seconds). J. W. Young, "A first order
// approximation to the optimum checkpoint interval", Commun. ACM 17(9),
// 1974.
func YoungInterval(delta, m float64) float64 {
	return math.Sqrt(2 * delta * m)
}

// DalyInterval is Daly's higher-order estimate of the optimum compute time
// between checkpoints (J. T. Daly, "A higher order estimate of the optimum
// checkpoint interval for restart dumps", Future Generation Computer
// Systems 22, 2006, eq. 37):
//
//	τ = √(2δM)·[1 + ⅓·√(δ/2M) + ⅑·(δ/2M)] − δ   for δ < 2M
//	τ = M                                        for δ ≥ 2M
//
// It is within a fraction of a percent of the optimum of Wall (the tests
// check it against a numerical search) where Young's form drifts once δ
// is no longer small against M.
func DalyInterval(delta, m float64) float64 {
	if delta >= 2*m {
		return m
	}
	x := delta / (2 * m)
	return math.Sqrt(2*delta*m)*(1+math.Sqrt(x)/3+x/9) - delta
}

// LogGoodput is the natural log of the expected goodput (useful compute
// time over wall-clock time) of a run that computes τ seconds between
// checkpoints, writes each in δ seconds and needs R seconds to restart
// after an interruption, with interruptions a Poisson process of mean M
// (also during checkpoints and restarts). Daly 2006 (eq. 13) gives the
// expected wall-clock time of T_s seconds of work as
//
//	T_w = M·e^{R/M}·(e^{(τ+δ)/M} − 1)·T_s/τ,
//
// so G = T_s/T_w = τ / (M·e^{R/M}·(e^{(τ+δ)/M} − 1)). To first order in
// 1/M this is 1 − δ/τ − (τ/2 + R)/M: a checkpoint overhead δ/τ and, per
// interruption, half an interval of lost work plus the restart. The log
// form never overflows: when M is seconds and R minutes, e^{R/M} is far
// beyond float64 but ln G is just very negative.
func LogGoodput(tau, delta, restart, m float64) float64 {
	if !(tau > 0) || !(m > 0) {
		return math.Inf(-1)
	}
	return math.Log(tau) - math.Log(m) - restart/m - logExpm1((tau+delta)/m)
}

// Goodput is e^LogGoodput, in [0, 1]; it underflows to 0 for runs that
// cannot make progress.
func Goodput(tau, delta, restart, m float64) float64 {
	return math.Min(1, math.Exp(LogGoodput(tau, delta, restart, m)))
}

// logExpm1 is ln(e^x − 1) for x > 0 without overflow.
func logExpm1(x float64) float64 {
	if x > 20 {
		return x + math.Log1p(-math.Exp(-x))
	}
	return math.Log(math.Expm1(x))
}
