package safetensors_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log"

	"github.com/flopsdev/flops/model/safetensors"
)

// Read the header of a safetensors file held in memory: a 4×8 BF16
// embedding and an 8-element F32 norm (4·8·2 + 8·4 = 96 bytes of data).
func ExampleRead() {
	header := `{"embed":{"dtype":"BF16","shape":[4,8],"data_offsets":[0,64]},` +
		`"norm":{"dtype":"F32","shape":[8],"data_offsets":[64,96]}}`
	var file bytes.Buffer
	binary.Write(&file, binary.LittleEndian, uint64(len(header)))
	file.WriteString(header)
	file.Write(make([]byte, 96))

	f, err := safetensors.Read(bytes.NewReader(file.Bytes()), int64(file.Len()), safetensors.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d tensors, %d params, %d bytes; BF16 %d, F32 %d\n",
		f.Tensors, f.Params, f.Bytes, f.DtypeParams["BF16"], f.DtypeParams["F32"])
	// Output: 2 tensors, 40 params, 96 bytes; BF16 32, F32 8
}
