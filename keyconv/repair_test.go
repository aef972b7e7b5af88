package keyconv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf16"
)

// toUTF16 encodes s as PowerShell 5's ">" and Notepad's "Unicode" save do:
// a byte-order mark, then UTF-16 code units.
func toUTF16(s string, order binary.AppendByteOrder) []byte {
	units := utf16.Encode([]rune(s))
	out := order.AppendUint16(nil, 0xfeff)
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

func crlf(s []byte) []byte { return bytes.ReplaceAll(s, []byte("\n"), []byte("\r\n")) }

func TestRepairText(t *testing.T) {
	key, err := os.ReadFile(filepath.Join("..", "testdata", "cafe24.pem"))
	if err != nil {
		t.Fatal(err)
	}
	ppk, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", "ed25519", "puttygen.ed25519.v3.ppk"))
	if err != nil {
		t.Fatal(err)
	}
	bom := []byte("\xef\xbb\xbf")
	noNewline := bytes.TrimRight(key, "\n")
	cases := []struct {
		name    string
		in      []byte
		want    []byte
		repairs []TextRepair
	}{
		{"intact", key, key, nil},
		{"intact PPK", ppk, ppk, nil},
		{"PowerShell 5 >", toUTF16(string(crlf(key)), binary.LittleEndian), key, []TextRepair{RepairedUTF16LE, RepairedCRLF}},
		{"Notepad Unicode big endian", toUTF16(string(crlf(key)), binary.BigEndian), key, []TextRepair{RepairedUTF16BE, RepairedCRLF}},
		{"UTF-16 with a UTF-8 mark inside", toUTF16("\ufeff"+string(key), binary.LittleEndian), key, []TextRepair{RepairedUTF16LE, RepairedUTF8BOM}},
		{"Notepad UTF-8 with BOM", append(slices.Clone(bom), crlf(ppk)...), ppk, []TextRepair{RepairedUTF8BOM, RepairedCRLF}},
		{"CRLF", crlf(key), key, []TextRepair{RepairedCRLF}},
		{"no final newline", noNewline, key, []TextRepair{RepairedFinalNewline}},
		{"CRLF, no final newline", crlf(noNewline), key, []TextRepair{RepairedFinalNewline, RepairedCRLF}},
		{"ends in a lone CR", append(slices.Clone(noNewline), '\r'), key, []TextRepair{RepairedFinalNewline, RepairedCRLF}},
		{"CR runs", []byte("a\r\r\nb\rc\n"), []byte("a\nb\rc\n"), []TextRepair{RepairedCRLF}},
		{"non-ASCII comment", toUTF16("Comment: é😀\r\n", binary.LittleEndian), []byte("Comment: é😀\n"), []TextRepair{RepairedUTF16LE, RepairedCRLF}},
		{"empty", nil, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, repairs, err := RepairText(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.want) {
				t.Errorf("RepairText = %q, want %q", got, tc.want)
			}
			if !slices.Equal(repairs, tc.repairs) {
				t.Errorf("repairs = %v, want %v", repairs, tc.repairs)
			}
		})
	}
	for _, bad := range [][]byte{
		{0xff, 0xfe, 'a'},                   // odd length
		{0xff, 0xfe, 0x00, 0xd8},            // ends inside a pair
		{0xff, 0xfe, 0x00, 0xdc, 'a', 0x00}, // lone low surrogate
		append(slices.Clone(bom), 0xff, 0xfe, 'a', 0),
	} {
		if _, _, err := RepairText(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("RepairText(%q) = %v, want ErrMalformed", bad, err)
		}
	}
}

// Parse names a UTF-16 file's encoding rather than calling it "not a
// private key file", and reads the repaired file as the original key.
func TestParseUTF16(t *testing.T) {
	key, err := os.ReadFile(filepath.Join("..", "testdata", "cafe24.pem"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(key, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range []struct {
		byteOrder binary.AppendByteOrder
		enc       Encoding
	}{{binary.LittleEndian, EncodingUTF16LE}, {binary.BigEndian, EncodingUTF16BE}} {
		in := toUTF16(string(crlf(key)), order.byteOrder)
		_, err := Parse(in, nil)
		var encErr *EncodingError
		if !errors.As(err, &encErr) || encErr.Encoding != order.enc || !errors.Is(err, ErrMalformed) {
			t.Fatalf("Parse(%s) = %v, want an *EncodingError for it wrapping ErrMalformed", order.enc, err)
		}
		fixed, _, err := RepairText(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse(fixed, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(keyMaterial(t, got), keyMaterial(t, want)) {
			t.Errorf("the repaired %s file is another key", order.enc)
		}
	}
}

// FuzzRepairText checks that a repair is complete: repairing its output
// again changes nothing, and the output has no mark, no CRLF and a final
// newline.
func FuzzRepairText(f *testing.F) {
	seeds := fuzzSeedFiles(f)
	if len(seeds) == 0 {
		f.Fatal("no seed files found")
	}
	for _, s := range seeds {
		f.Add(s)
		f.Add(toUTF16(string(crlf(s)), binary.LittleEndian))
		f.Add(append([]byte("\xef\xbb\xbf"), bytes.TrimRight(s, "\n")...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, repairs, err := RepairText(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error is not keyconv's: %v", err)
			}
			return
		}
		if len(repairs) == 0 && !bytes.Equal(out, data) {
			t.Fatalf("changed %q to %q and reported no repair", data, out)
		}
		again, more, err := RepairText(out)
		if err != nil || len(more) != 0 || !bytes.Equal(again, out) {
			t.Fatalf("repairing %q again: %q, %v, %v", out, again, more, err)
		}
		if bytes.Contains(out, []byte("\r\n")) || bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) || len(out) > 0 && out[len(out)-1] != '\n' {
			t.Fatalf("output %q is not repaired", out)
		}
	})
}
