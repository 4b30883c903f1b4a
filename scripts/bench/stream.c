/*
 * stream.c: a small STREAM-style memory bandwidth test for bench-compare.
 * Written for flops (not McCalpin's stream.c); it follows the STREAM rules:
 * copy c=a, scale b=s*c, add c=a+b, triad a=b+s*c over three arrays of N
 * doubles, bytes counted as arrays x 8 per element (no write-allocate),
 * best of the timed repetitions after one warm-up: at least NTIMES and
 * until about one second has passed (as flops bench, so that on a busy
 * machine both get as many chances at a quiet moment).
 *
 * Build: gcc -O3 -march=native -fopenmp stream.c -o stream [-DSTREAM_NT]
 * Run:   ./stream N THREADS...      prints "stream THREADS KERNEL BYTES_PER_SECOND"
 * With -DSTREAM_NT the stores are non-temporal (AVX _mm256_stream_pd).
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#ifdef STREAM_NT
#include <immintrin.h>
#endif

#define NTIMES 10

static double *a, *b, *c;
static long n;

static void kernel(int k, double s)
{
#ifdef STREAM_NT
	/* one loop per kernel, 8 doubles (two 256-bit stores) per step; n is a
	 * multiple of 8 and the arrays are 64-byte aligned */
	const __m256d vs = _mm256_set1_pd(s);
	switch (k) {
	case 0:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i += 8) {
			_mm256_stream_pd(c + i, _mm256_load_pd(a + i));
			_mm256_stream_pd(c + i + 4, _mm256_load_pd(a + i + 4));
		}
		break;
	case 1:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i += 8) {
			_mm256_stream_pd(b + i, _mm256_mul_pd(vs, _mm256_load_pd(c + i)));
			_mm256_stream_pd(b + i + 4, _mm256_mul_pd(vs, _mm256_load_pd(c + i + 4)));
		}
		break;
	case 2:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i += 8) {
			_mm256_stream_pd(c + i, _mm256_add_pd(_mm256_load_pd(a + i), _mm256_load_pd(b + i)));
			_mm256_stream_pd(c + i + 4, _mm256_add_pd(_mm256_load_pd(a + i + 4), _mm256_load_pd(b + i + 4)));
		}
		break;
	default:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i += 8) {
			_mm256_stream_pd(a + i, _mm256_add_pd(_mm256_load_pd(b + i), _mm256_mul_pd(vs, _mm256_load_pd(c + i))));
			_mm256_stream_pd(a + i + 4, _mm256_add_pd(_mm256_load_pd(b + i + 4), _mm256_mul_pd(vs, _mm256_load_pd(c + i + 4))));
		}
	}
	_mm_sfence();
#else
	switch (k) {
	case 0:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i++) c[i] = a[i];
		break;
	case 1:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i++) b[i] = s * c[i];
		break;
	case 2:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i++) c[i] = a[i] + b[i];
		break;
	default:
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
	}
#endif
}

int main(int argc, char **argv)
{
	static const char *names[4] = {"copy", "scale", "add", "triad"};
	static const int arrays[4] = {2, 2, 3, 3};
	if (argc < 3) {
		fprintf(stderr, "usage: stream N THREADS...\n");
		return 2;
	}
	n = atol(argv[1]) / 8 * 8;
	if (n <= 0 || posix_memalign((void **)&a, 64, n * sizeof(double)) ||
	    posix_memalign((void **)&b, 64, n * sizeof(double)) ||
	    posix_memalign((void **)&c, 64, n * sizeof(double))) {
		fprintf(stderr, "stream: cannot allocate 3 arrays of %ld doubles\n", n);
		return 1;
	}
	for (int t = 2; t < argc; t++) {
		int threads = atoi(argv[t]);
		omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
		for (long i = 0; i < n; i++) { a[i] = 1; b[i] = 2; c[i] = 0; }
		for (int k = 0; k < 4; k++) {
			double best = INFINITY;
			kernel(k, 3.0); /* warm-up */
			double start = omp_get_wtime();
			for (int r = 0; r < NTIMES || (omp_get_wtime() - start < 1.0 && r < 1000); r++) {
				double t0 = omp_get_wtime();
				kernel(k, 3.0);
				double dt = omp_get_wtime() - t0;
				if (dt < best) best = dt;
			}
			printf("stream %d %s %.6e\n", threads, names[k], arrays[k] * 8.0 * n / best);
			fflush(stdout);
		}
	}
	return 0;
}
