/*
 * gemm.c: times OpenBLAS cblas_dgemm and cblas_sgemm on square matrices for
 * bench-compare (written for flops). C = A*B, row-major, random entries in
 * [-1, 1); 2n^3 FLOP per call; best of the repetitions that fit in about one
 * second (at least 3) after one warm-up.
 *
 * Build: gcc -O3 -march=native gemm.c -o gemm -lopenblas
 * Run:   ./gemm THREADS N...   prints "gemm PRECISION N THREADS FLOP_PER_SECOND"
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern void openblas_set_num_threads(int);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double best_rate(int fp32, int n)
{
	size_t nn = (size_t)n * n;
	void *a = malloc(nn * 8), *b = malloc(nn * 8), *c = malloc(nn * 8);
	if (!a || !b || !c) {
		fprintf(stderr, "gemm: cannot allocate 3 matrices of %d^2\n", n);
		exit(1);
	}
	for (size_t i = 0; i < nn; i++) {
		if (fp32) {
			((float *)a)[i] = 2.0f * rand() / RAND_MAX - 1;
			((float *)b)[i] = 2.0f * rand() / RAND_MAX - 1;
		} else {
			((double *)a)[i] = 2.0 * rand() / RAND_MAX - 1;
			((double *)b)[i] = 2.0 * rand() / RAND_MAX - 1;
		}
	}
	double best = 1e30, start = now();
	for (int r = 0; r < 4 || (now() - start < 1.0 && r < 1000); r++) {
		double t0 = now();
		if (fp32)
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
		else
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
		double dt = now() - t0;
		if (r > 0 && dt < best) /* r == 0 is the warm-up */
			best = dt;
	}
	free(a), free(b), free(c);
	return 2.0 * n * n * (double)n / best;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gemm THREADS N...\n");
		return 2;
	}
	int threads = atoi(argv[1]);
	openblas_set_num_threads(threads);
	for (int i = 2; i < argc; i++) {
		int n = atoi(argv[i]);
		if (n < 1 || n > 16384) {
			fprintf(stderr, "gemm: size %s: want 1 to 16384\n", argv[i]);
			return 2;
		}
		printf("gemm fp64 %d %d %.6e\n", n, threads, best_rate(0, n));
		fflush(stdout);
		printf("gemm fp32 %d %d %.6e\n", n, threads, best_rate(1, n));
		fflush(stdout);
	}
	return 0;
}
