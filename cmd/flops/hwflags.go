package main

import (
	"flag"
	"fmt"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/load"
)

// hwFileEnv names the environment variable read when --hw-file is not given.
const hwFileEnv = "FLOPS_HW_FILE"

// bindHW registers the accelerator flags shared by every command that
// needs a chip (--gpu, --precision, --peak, --bandwidth, --memory) into hw,
// plus --hw-file, whose value it returns for apiEnv.
//
// --gpu has no flag default so that --peak alone describes a custom chip;
// with neither, api.HW.Resolve uses api.DefaultGPU (h100-sxm).
func bindHW(fs *flag.FlagSet, hw *api.HW) *string {
	fs.StringVar(&hw.GPU, "gpu", "", "accelerator ID or alias, see 'flops hw list' (default "+api.DefaultGPU+" unless --peak is given)")
	fs.StringVar(&hw.Precision, "precision", "", "number format of the peak: fp64, fp32, tf32, bf16, fp16, fp8, int8, fp4 (default "+string(api.DefaultPrecision)+")")
	fs.StringVar(&hw.Peak, "peak", "", "dense peak FLOP/s at --precision, overriding the catalog, e.g. 500TFLOP/s")
	fs.StringVar(&hw.Bandwidth, "bandwidth", "", "memory bandwidth, overriding the catalog, e.g. 2TB/s")
	fs.StringVar(&hw.Memory, "memory", "", "memory capacity, overriding the catalog, e.g. 96GB or 80GiB")
	return bindHWFile(fs)
}

// bindHWFile registers --hw-file alone (for the hw commands).
func bindHWFile(fs *flag.FlagSet) *string {
	return fs.String("hw-file", "", "JSON file of extra or overriding accelerator entries (default $"+hwFileEnv+"); format: 'flops hw -h'")
}

// apiEnv builds the request environment of the CLI: the default catalog
// plus the entries of --hw-file (or $FLOPS_HW_FILE), with local paths
// allowed.
func apiEnv(env *cliEnv, hwFile string) (api.Env, error) {
	e := api.Env{AllowPaths: true}
	path, flagName := hwFile, "--hw-file"
	if path == "" && env.getenv != nil {
		path, flagName = env.getenv(hwFileEnv), "$"+hwFileEnv
	}
	if path == "" {
		return e, nil
	}
	cat, err := loadHWFile(path)
	if err != nil {
		return e, withHint(fmt.Errorf("%s %s: %w", flagName, path, err), "see 'flops hw -h' for the file format")
	}
	e.Hardware = cat
	return e, nil
}

// loadHWFile reads a user catalog file and merges it into the default
// catalog; entries without a source are attributed to the file.
func loadHWFile(path string) (*hardware.Catalog, error) {
	f, err := load.OpenRegular(path) // a FIFO or a device would block or read forever
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := hardware.ReadJSON(f)
	if err != nil {
		return nil, err
	}
	for i := range entries {
		if entries[i].Source == "user file" {
			entries[i].Source = "user file " + path
		}
	}
	return hardware.Default().With(entries...)
}
