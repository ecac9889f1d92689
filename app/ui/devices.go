package ui

import (
	"context"
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// devices lists the user's remembered devices, each with Forget, and
// remembers this one on request.
type devices struct {
	app.Compo
	ctx     app.Context
	list    []cognito.Device
	loaded  bool
	current string // this device's key, "" when the pool does not track it
	// untracked: the pool does not track devices, so there are none to list.
	untracked bool
	req       call
}

func (d *devices) OnMount(ctx app.Context) {
	d.ctx = ctx
	d.load(ctx, "")
}

func (d *devices) load(ctx app.Context, notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var list []cognito.Device
	untracked := false
	d.req.run(ctx, "Loading your devices…", func(c context.Context) (err error) {
		list, err = sess.Devices(c)
		if errors.Is(err, cognito.ErrInvalidUserPoolConfig) { // device tracking is off: nothing is wrong
			untracked, err = true, nil
		}
		return err
	}, func(app.Context) {
		d.list, d.loaded, d.current, d.untracked, d.req.notice = list, true, sess.DeviceKey(), untracked, notice
	})
}

// thisRemembered says whether this device is among the remembered ones.
func (d *devices) thisRemembered() bool {
	for _, dev := range d.list {
		if dev.Current {
			return true
		}
	}
	return false
}

func (d *devices) Render() app.UI {
	body := []app.UI{
		app.H2().ID("devices-title").Text("Remembered devices"),
		app.P().Class("muted").Text("Signing in on a remembered device can skip the second step. Forget a device you no longer use."),
	}
	if d.loaded && d.current != "" && !d.thisRemembered() {
		body = append(body, app.Button().ID("device-remember").Disabled(d.req.pending).Text("Remember this device").
			OnClick(func(ctx app.Context, e app.Event) { d.remember(ctx) }))
	}
	if d.untracked {
		return app.Section().Class("card").ID("devices").Aria("labelledby", "devices-title").Body(
			body[0], app.P().ID("devices-none").Class("muted").Text("This user pool does not remember devices, so every sign-in asks for the second step."))
	}
	if d.loaded && len(d.list) == 0 {
		body = append(body, app.P().ID("devices-none").Text("No device is remembered."))
	}
	rows := d.list
	body = append(body, app.Div().Class("rows").ID("devices-list").Body(
		app.Range(rows).Slice(func(i int) app.UI {
			return &deviceRow{device: rows[i], forget: d.forget}
		}),
	), d.req.view())
	return app.Section().Class("card").ID("devices").Aria("labelledby", "devices-title").Body(body...)
}

func (d *devices) remember(ctx app.Context) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	d.req.run(ctx, "Remembering this device…", sess.RememberDevice, func(app.Context) {
		d.load(d.ctx, "This device is remembered.")
	})
}

func (d *devices) forget(key string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	d.req.run(d.ctx, "Forgetting the device…", func(c context.Context) error {
		return sess.ForgetDevice(c, key)
	}, func(app.Context) { d.load(d.ctx, "The device is forgotten.") })
}

// deviceRow is one remembered device; it owns its device's data.
type deviceRow struct {
	app.Compo
	device cognito.Device
	forget func(key string)
}

func (r *deviceRow) Render() app.UI {
	name := r.device.Name
	if name == "" {
		name = "Unnamed device"
	}
	when := "never"
	if !r.device.LastAuthenticated.IsZero() {
		when = r.device.LastAuthenticated.Local().Format("2 Jan 2006 15:04")
	}
	label := name
	if r.device.Current {
		label += " (this device)"
	}
	return app.Div().Class("attr-row device").DataSet("key", r.device.Key).Body(
		app.Div().Class("attr-name").Text(label),
		app.Span().Text("Last sign-in: "+when),
		app.Div().Class("actions").Body(
			app.Button().Class("small secondary device-forget").Aria("label", "Forget "+label).Text("Forget").
				OnClick(func(ctx app.Context, e app.Event) { r.forget(r.device.Key) }),
		),
	)
}
