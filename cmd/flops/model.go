package main

// runModel is a placeholder until the model command lands.
func runModel(env *cliEnv, args []string) error {
	return usagef("flops model is not implemented yet")
}
