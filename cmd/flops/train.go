package main

// runTrain is a placeholder until the train command lands.
func runTrain(env *cliEnv, args []string) error {
	return usagef("flops train is not implemented yet")
}
