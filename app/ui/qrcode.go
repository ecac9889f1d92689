package ui

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	qrcode "github.com/skip2/go-qrcode"
)

// totpIssuer names the app in authenticator apps (the otpauth URI's issuer).
const totpIssuer = "cognitowasm"

// qrSVG draws text as a QR code in SVG: github.com/skip2/go-qrcode encodes
// it, and each dark module becomes a unit square of one path, with the
// quiet zone the library adds around it.
func qrSVG(id, text, label string) app.UI {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return app.P().Class("field-error").Text("The QR code could not be drawn; type the key below instead.")
	}
	bits := q.Bitmap()
	var d strings.Builder
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	n := len(bits)
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" id="%s" class="qr" role="img" aria-label="%s" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		id, label, n, n, n, n, d.String())
	return app.Raw(svg)
}
