package standin

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"math/big"
	"strings"
)

// subject is the stable user ID a stand-in gives an email address, in the
// shape of the provider it plays (reference §3.1): Google's 21 digits,
// Facebook's 17, Amazon's amzn1.account.…, Apple's 000123.<hex>.0123.
func subject(k Kind, email string) string {
	sum := sha256.Sum256([]byte(k.ProviderType + "\x00" + strings.ToLower(email)))
	digits := new(big.Int).SetBytes(sum[:]).String()
	switch k.ProviderType {
	case "Google":
		return "1" + digits[:20]
	case "Facebook":
		return "1" + digits[:16]
	case "LoginWithAmazon":
		return "amzn1.account." + base32.StdEncoding.EncodeToString(sum[:20])[:28]
	case "SignInWithApple":
		return "000" + digits[:3] + "." + hex.EncodeToString(sum[:16]) + "." + digits[3:7]
	}
	return hex.EncodeToString(sum[:16])
}
