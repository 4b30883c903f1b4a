package main

// runInfer is a placeholder until the infer command lands.
func runInfer(env *cliEnv, args []string) error {
	return usagef("flops infer is not implemented yet")
}
