package scaling

func kaplan() Law {
	return Law{
		ID: KaplanLaw, Name: "Kaplan et al. 2020",
		Source: "arXiv:2001.08361 App. A Table 6: N_opt = 1.3e9·C^0.73, D_opt = 2e10·C^0.27 (C = C_min in PF-days, " +
			"1 PF-day = 8.64e19 FLOPs); loss L(N,D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, §4 Table 2: " +
			"N_c = 6.4e13, D_c = 1.8e13, α_N = 0.076, α_D = 0.103",
		Validity: "models of 768 to 1.5e9 non-embedding parameters, 22M to 23B tokens of WebText2 (§2)",
		Notes: []string{
			"N counts non-embedding parameters only; with embeddings counted (as Chinchilla does) the optimum " +
				"shifts toward more tokens (Pearce & Song 2024, arXiv:2406.12907)",
			"the published N_opt and D_opt fits are separate: the pair spends 6·N·D ≈ 1.8·C",
			"losses are on WebText2 with GPT-2's BPE tokenizer and are not comparable with Chinchilla-family losses",
		},
		ParamsMeaning: "non-embedding parameters (Kaplan et al. 2020 §1.3)",
		LossData:      "WebText2, GPT-2 BPE (50,257 tokens)",
		FitMaxFLOPs:   6 * 1.5e9 * 23e9, // derived bound: largest model × largest data set (§2), 2.1e20
		Params:        &PowerLaw{Coef: 1.3e9, Exp: 0.73, CUnit: PFDay},
		Tokens:        &PowerLaw{Coef: 2e10, Exp: 0.27, CUnit: PFDay},
		Kaplan:        &Kaplan{NC: 6.4e13, DC: 1.8e13, AlphaN: 0.076, AlphaD: 0.103},
	}
}

func deepseek() Law {
	return Law{
		ID: DeepSeekLaw, Name: "DeepSeek LLM 2024 (M·D form)",
		Source: "arXiv:2401.02954 §3: C = M·D with M = non-embedding FLOPs/token; M_opt = 0.1715·C^0.5243, " +
			"D_opt = 5.8316·C^0.4757, η_opt = 0.3118·C^−0.125, B_opt = 0.2920·C^0.3271 tokens " +
			"(docs/formulas.md §6.6, [secondary]: two restatements agree); N ≈ M/6",
		Validity: "IsoFLOP experiments at small budgets (about 1e17–3e20 FLOPs) [secondary]",
		Notes: []string{
			"M = 72·n_layer·d² + 12·n_layer·d·l_seq includes attention and excludes the vocabulary, so N = M/6 " +
				"understates the non-embedding parameters by the attention term",
			"fitted on DeepSeek's own data; higher-quality data shifts the optimum toward larger models",
		},
		ParamsMeaning: "non-embedding parameters, N = M/6",
		Params:        &PowerLaw{Coef: 0.1715, Exp: 0.5243},
		ParamsIsM:     true,
		Tokens:        &PowerLaw{Coef: 5.8316, Exp: 0.4757},
		LearningRate:  &PowerLaw{Coef: 0.3118, Exp: -0.1250},
		BatchTokens:   &PowerLaw{Coef: 0.2920, Exp: 0.3271},
	}
}

// Llama3StatedTokens and Llama3StatedParams are the Llama 3 paper's own
// extrapolation to 3.8e25 FLOPs: "a 402B parameter model on 16.55T tokens"
// (arXiv:2407.21783 §3.2.1), which its printed constants do not reproduce.
const (
	Llama3StatedTokens = 16.55e12
	Llama3StatedParams = 402e9
	Llama3Budget       = 3.8e25
)

func llama3() Law {
	return Law{
		ID: Llama3Law, Name: "Llama 3 2024 (tokens fit)",
		Source: "arXiv:2407.21783 §3.2.1: D_opt = A·C^α with (α, A) = (0.53, 0.29) training tokens; " +
			"N = C/(6·D)",
		Validity: "IsoFLOP experiments 6e18–1e22 FLOPs, 40M–16B parameters",
		Notes: []string{
			"the printed constants give 0.29·(3.8e25)^0.53 = 10.5T tokens, not the 16.55T (402B model) the paper " +
				"states for 3.8e25 FLOPs; α ≈ 0.537 with A = 0.299 reproduces ~16.3T [secondary]",
			"the paper's own pair implies 3.8e25/(402e9·16.55e12) = 5.7, not 6, FLOPs per parameter-token",
		},
		ParamsMeaning: "all parameters (6·N·D accounting)",
		FitMaxFLOPs:   1e22, // §3.2.1: IsoFLOP experiments up to 1e22 FLOPs
		Tokens:        &PowerLaw{Coef: 0.29, Exp: 0.53},
	}
}
