package deploy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flopsdev/flops/units"
)

// CatalogPrice is the on-demand price per GPU-hour assumed for an
// accelerator (its hardware catalog ID) when no --price is given, with a
// sentence saying where it comes from: the median of providers' on-demand
// list prices (the mean of the middle two for an even count).
//
// PLACEHOLDER until package pricing (the dated, sourced price catalog) is
// on main. Then replace the body with
//
//	q, err := pricing.Default().Quote(id)
//	if err != nil {
//		return 0, "", err
//	}
//	return q.USDPerGPUHour, q.Basis() + "; 'flops hw prices " + id + "' lists the providers; --price overrides", nil
//
// and delete placeholderOffers (this file's table).
func CatalogPrice(id string) (units.USDPerHour, string, error) {
	var os []offer
	var priced []string
	for _, o := range placeholderOffers {
		if o.acc == id {
			os = append(os, o)
		}
		if !slices.Contains(priced, o.acc) {
			priced = append(priced, o.acc)
		}
	}
	if len(os) == 0 {
		return 0, "", fmt.Errorf("no list price for %q in the price table (priced: %s)", id, strings.Join(priced, ", "))
	}
	slices.SortFunc(os, func(a, b offer) int { return compareFloat(a.usd, b.usd) })
	n := len(os)
	median := (os[(n-1)/2].usd + os[n/2].usd) / 2
	oldest, newest := os[0].seen, os[0].seen
	var who []string
	for _, o := range os {
		oldest, newest = min(oldest, o.seen), max(newest, o.seen)
		who = append(who, o.provider)
	}
	return units.USDPerHour(median), fmt.Sprintf("median of %d providers' on-demand list prices ($%.2f–$%.2f/h: %s), seen %s to %s; --price overrides",
		n, os[0].usd, os[n-1].usd, strings.Join(who, ", "), oldest, newest), nil
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// offer is one provider's on-demand list price for one accelerator, per
// GPU-hour (multi-GPU instances divided by their GPU count), as the
// provider's pricing page gave it on the date seen.
type offer struct {
	acc, provider string
	usd           float64
	seen, url     string
}

// placeholderOffers: PLACEHOLDER, see CatalogPrice. The same offers as the
// project's price catalog (package pricing), for the accelerators the
// deployment planner's worked examples use.
var placeholderOffers = []offer{
	{"h100-sxm", "Lambda", 3.99, "2026-09-20", "https://lambda.ai/instances"},
	{"h100-sxm", "RunPod", 3.99, "2026-11-09", "https://www.runpod.io/pricing"},
	{"h100-sxm", "Hyperstack", 3.2, "2026-08-26", "https://www.hyperstack.cloud/gpu-pricing"},
	{"h100-sxm", "Crusoe", 3.9, "2026-09-20", "https://www.crusoe.ai/cloud/pricing"},
	{"h100-sxm", "Nebius", 4.5, "2026-10-07", "https://nebius.com/prices"},
	{"h100-sxm", "CoreWeave", 6.155, "2026-09-20", "https://www.coreweave.com/pricing"},
	{"h100-sxm", "AWS", 6.88, "2026-11-09", "https://aws.amazon.com/ec2/pricing/on-demand/"},
	{"h100-sxm", "Azure", 12.29, "2026-11-09", "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/"},
	{"h200-sxm", "Hyperstack", 3.99, "2026-08-26", "https://www.hyperstack.cloud/gpu-pricing"},
	{"h200-sxm", "Crusoe", 4.29, "2026-09-20", "https://www.crusoe.ai/cloud/pricing"},
	{"h200-sxm", "RunPod", 4.59, "2026-10-07", "https://www.runpod.io/pricing"},
	{"h200-sxm", "Nebius", 5.4, "2026-10-07", "https://nebius.com/prices"},
	{"h200-sxm", "CoreWeave", 6.305, "2026-09-20", "https://www.coreweave.com/pricing"},
	{"h200-sxm", "Google Cloud", 10.4365, "2026-10-13", "https://cloud.google.com/compute/vm-instance-pricing"},
	{"b200", "Lambda", 6.69, "2026-09-20", "https://lambda.ai/instances"},
	{"b200", "Hyperstack", 6.0, "2026-08-26", "https://www.hyperstack.cloud/gpu-pricing"},
	{"b200", "RunPod", 6.79, "2026-10-07", "https://www.runpod.io/pricing"},
	{"b200", "Nebius", 8.5, "2026-10-07", "https://nebius.com/prices"},
	{"b200", "CoreWeave", 8.6, "2026-09-20", "https://www.coreweave.com/pricing"},
	{"a100-sxm4-80gb", "Lambda", 2.79, "2026-09-20", "https://lambda.ai/instances"},
	{"a100-sxm4-80gb", "RunPod", 1.79, "2026-11-09", "https://www.runpod.io/pricing"},
	{"a100-sxm4-80gb", "Hyperstack", 1.6, "2026-08-26", "https://www.hyperstack.cloud/gpu-pricing"},
	{"a100-sxm4-80gb", "Crusoe", 2.3, "2026-09-20", "https://www.crusoe.ai/cloud/pricing"},
	{"a100-sxm4-80gb", "CoreWeave", 2.7, "2026-09-20", "https://www.coreweave.com/pricing"},
	{"a100-sxm4-80gb", "AWS", 3.4309, "2026-11-09", "https://aws.amazon.com/ec2/pricing/on-demand/"},
	{"l40s", "CoreWeave", 2.25, "2026-09-20", "https://www.coreweave.com/pricing"},
	{"l40s", "Crusoe", 1.5, "2026-09-20", "https://www.crusoe.ai/cloud/pricing"},
	{"l40s", "Nebius", 1.55, "2026-10-07", "https://nebius.com/prices"},
	{"l40s", "Modal", 1.9512, "2026-05-07", "https://modal.com/pricing"},
	{"mi300x", "Crusoe", 3.45, "2026-09-20", "https://www.crusoe.ai/cloud/pricing"},
	{"mi300x", "DigitalOcean", 2.59, "2026-10-07", "https://www.digitalocean.com/pricing/gpu-droplets"},
	{"mi300x", "Vultr", 1.85, "2026-05-18", "https://www.vultr.com/pricing/"},
	{"mi300x", "TensorWave", 1.5, "2026-05-18", "https://tensorwave.com/pricing"},
	{"mi300x", "Azure", 6.0, "2026-05-18", "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/"},
}
