package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Page is one browser tab, attached through its own CDP session. It is safe
// for concurrent use, though concurrent navigations on one Page make little
// sense.
type Page struct {
	b       *Browser
	target  string // target id; also the id of the main frame
	session string
}

// Cookie is a browser cookie. URL says where it applies when setting it;
// Cookies leaves it empty.
type Cookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	URL      string `json:"url,omitempty"`
	HTTPOnly bool   `json:"httpOnly"`
	Secure   bool   `json:"secure"`
}

// NewPage opens a new target (Target.createTarget about:blank), attaches to it
// with flatten:true (Target.attachToTarget) and enables the Page, Runtime and
// Network domains on its session.
func (b *Browser) NewPage(ctx context.Context) (*Page, error) {
	var t struct {
		TargetID string `json:"targetId"`
	}
	err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &t)
	if err != nil {
		return nil, err
	}
	var a struct {
		SessionID string `json:"sessionId"`
	}
	err = b.call(ctx, "", "Target.attachToTarget",
		map[string]any{"targetId": t.TargetID, "flatten": true}, &a)
	if err != nil {
		return nil, err
	}
	p := &Page{b: b, target: t.TargetID, session: a.SessionID}
	for _, domain := range []string{"Page", "Runtime", "Network"} {
		if err := b.call(ctx, p.session, domain+".enable", nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Close closes the page's target (Target.closeTarget).
func (p *Page) Close(ctx context.Context) error {
	return p.b.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": p.target}, nil)
}

// SetCookie sets a cookie in the browser (Network.setCookie); c.URL is required.
func (p *Page) SetCookie(ctx context.Context, c Cookie) error {
	var r struct {
		Success *bool `json:"success"`
	}
	if err := p.b.call(ctx, p.session, "Network.setCookie", c, &r); err != nil {
		return err
	}
	if r.Success != nil && !*r.Success {
		return fmt.Errorf("browser: Network.setCookie: cookie %q for %q was refused", c.Name, c.URL)
	}
	return nil
}

// Cookies returns the cookies that apply to the page's current URL
// (Network.getCookies).
func (p *Page) Cookies(ctx context.Context) ([]Cookie, error) {
	var r struct {
		Cookies []Cookie `json:"cookies"`
	}
	if err := p.b.call(ctx, p.session, "Network.getCookies", nil, &r); err != nil {
		return nil, err
	}
	return r.Cookies, nil
}

// Navigate loads url, waits for its load event and returns the HTTP status of
// the main document, after redirects. A navigation Chromium reports as failed
// (for example a refused connection) is an error. A same-document navigation
// (only the #fragment changes) returns status 0 at once.
func (p *Page) Navigate(ctx context.Context, url string) (status int, err error) {
	ctx, cancel := context.WithTimeout(ctx, p.b.timeout)
	defer cancel()
	s := p.b.subscribe(p.session, "Network.responseReceived", "Page.loadEventFired")
	defer p.b.unsubscribe(s)
	var r struct {
		LoaderID  string `json:"loaderId"`
		ErrorText string `json:"errorText"`
	}
	if err := p.b.call(ctx, p.session, "Page.navigate", map[string]any{"url": url}, &r); err != nil {
		return 0, err
	}
	if r.ErrorText != "" {
		return 0, fmt.Errorf("browser: navigate to %s: %s", url, r.ErrorText)
	}
	if r.LoaderID == "" {
		return 0, nil // same-document navigation (#fragment): nothing is loaded
	}
	status, err = p.waitLoad(ctx, s, r.LoaderID)
	if err != nil {
		return 0, fmt.Errorf("browser: navigate to %s: %w", url, err)
	}
	return status, nil
}

// waitLoad waits for the main document's response and then the load event.
// With loaderID "" the first main-frame document response counts, which is
// what a form submission started from script needs. Load events before the
// response belong to the previous document and are ignored.
func (p *Page) waitLoad(ctx context.Context, s *subscription, loaderID string) (int, error) {
	status := 0
	for {
		m, err := p.b.next(ctx, s)
		if err != nil {
			return 0, err
		}
		switch m.Method {
		case "Network.responseReceived":
			var e struct {
				LoaderID string `json:"loaderId"`
				FrameID  string `json:"frameId"`
				Type     string `json:"type"`
				Response struct {
					Status int `json:"status"`
				} `json:"response"`
			}
			if json.Unmarshal(m.Params, &e) != nil || e.Type != "Document" {
				continue
			}
			if (loaderID != "" && e.LoaderID == loaderID) || (loaderID == "" && e.FrameID == p.target) {
				status = e.Response.Status
			}
		case "Page.loadEventFired":
			if status != 0 {
				return status, nil
			}
		}
	}
}

// Eval evaluates js in the page (Runtime.evaluate, awaiting a returned
// promise) and unmarshals its JSON value into out, which may be nil. A thrown
// exception is an error carrying its message.
func (p *Page) Eval(ctx context.Context, js string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.b.call(ctx, p.session, "Runtime.evaluate",
		map[string]any{"expression": js, "returnByValue": true, "awaitPromise": true}, &r)
	if err != nil {
		return err
	}
	if d := r.ExceptionDetails; d != nil {
		msg := d.Text
		if desc, _, _ := strings.Cut(d.Exception.Description, "\n"); desc != "" {
			msg += " " + desc // the first line names the error; the rest is the stack
		}
		return fmt.Errorf("browser: eval: %s", msg)
	}
	if out == nil || len(r.Result.Value) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.Result.Value, out); err != nil {
		return fmt.Errorf("browser: eval: decode result: %w", err)
	}
	return nil
}

// HTML returns the page's current DOM serialised
// (document.documentElement.outerHTML).
func (p *Page) HTML(ctx context.Context) (string, error) {
	var s string
	err := p.Eval(ctx, "document.documentElement.outerHTML", &s)
	return s, err
}

// Submit sets the named fields of the form matched by formSelector, submits
// it with requestSubmit (so submit handlers and validation run, as for a
// click), waits for the resulting page to load and returns its HTTP status.
// A missing form or field is an error and nothing is submitted.
func (p *Page) Submit(ctx context.Context, formSelector string, fields map[string]string) (status int, err error) {
	ctx, cancel := context.WithTimeout(ctx, p.b.timeout)
	defer cancel()
	sel, _ := json.Marshal(formSelector)
	vals, _ := json.Marshal(fields)
	js := fmt.Sprintf(`(() => {
	const form = document.querySelector(%s);
	if (!form) throw new Error("no form matches " + %[1]s);
	const fields = %s;
	for (const name in fields) {
		const el = form.elements[name];
		if (!el) throw new Error("form has no field " + JSON.stringify(name));
		el.value = fields[name];
	}
	form.requestSubmit();
})()`, sel, vals)
	s := p.b.subscribe(p.session, "Network.responseReceived", "Page.loadEventFired")
	defer p.b.unsubscribe(s)
	if err := p.Eval(ctx, js, nil); err != nil {
		return 0, fmt.Errorf("browser: submit %s: %w", formSelector, err)
	}
	status, err = p.waitLoad(ctx, s, "")
	if err != nil {
		return 0, fmt.Errorf("browser: submit %s: %w", formSelector, err)
	}
	return status, nil
}

// Screenshot captures the whole page, beyond the viewport, as PNG
// (Page.captureScreenshot clipped to the content size from
// Page.getLayoutMetrics).
func (p *Page) Screenshot(ctx context.Context) ([]byte, error) {
	var m struct {
		Size struct {
			Width  float64 `json:"width"`
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
	}
	if err := p.b.call(ctx, p.session, "Page.getLayoutMetrics", nil, &m); err != nil {
		return nil, err
	}
	var r struct {
		Data []byte `json:"data"` // base64 in JSON, decoded by encoding/json
	}
	err := p.b.call(ctx, p.session, "Page.captureScreenshot", map[string]any{
		"format":                "png",
		"captureBeyondViewport": true,
		"clip":                  map[string]any{"x": 0, "y": 0, "width": m.Size.Width, "height": m.Size.Height, "scale": 1},
	}, &r)
	return r.Data, err
}

// PDFOptions sets the paper for PDF. Sizes are in inches; a page's CSS @page
// size wins over the paper size.
type PDFOptions struct {
	Landscape               bool
	PaperWidth, PaperHeight float64 // default A4, 8.27×11.69
	Margin                  float64 // on all sides; default 0.4 (CSS @page margins win)
}

// PDF prints the page to PDF (Page.printToPDF with backgrounds and the CSS
// page size honoured).
func (p *Page) PDF(ctx context.Context, o PDFOptions) ([]byte, error) {
	if o.PaperWidth <= 0 || o.PaperHeight <= 0 {
		o.PaperWidth, o.PaperHeight = 8.27, 11.69
	}
	if o.Margin <= 0 {
		o.Margin = 0.4
	}
	var r struct {
		Data []byte `json:"data"`
	}
	err := p.b.call(ctx, p.session, "Page.printToPDF", map[string]any{
		"landscape": o.Landscape, "printBackground": true, "preferCSSPageSize": true,
		"paperWidth": o.PaperWidth, "paperHeight": o.PaperHeight,
		"marginTop": o.Margin, "marginBottom": o.Margin, "marginLeft": o.Margin, "marginRight": o.Margin,
	}, &r)
	return r.Data, err
}

// PrintPDF is the one-call form for the server: it starts a browser, sets
// cookies, loads url, which must answer 200, prints it and closes everything.
func PrintPDF(ctx context.Context, o Options, url string, cookies []Cookie, pdf PDFOptions) (_ []byte, err error) {
	b, err := Start(ctx, o)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := b.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	p, err := b.NewPage(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cookies {
		if err := p.SetCookie(ctx, c); err != nil {
			return nil, err
		}
	}
	status, err := p.Navigate(ctx, url)
	if err != nil {
		return nil, err
	}
	if status != 200 {
		return nil, fmt.Errorf("browser: print %s: HTTP status %d", url, status)
	}
	return p.PDF(ctx, pdf)
}
