// Package browser drives a headless Chromium through the Chrome DevTools
// Protocol (CDP). The web server uses it to print fact sheets to PDF and the
// browser tests use it to sign in, fill in forms, take screenshots and read
// the DOM.
//
// The protocol runs over --remote-debugging-pipe rather than a websocket:
// Chromium reads NUL-terminated JSON commands from file descriptor 3 and
// writes replies and events to file descriptor 4. That keeps the package free
// of dependencies (no websocket library, no chromedp), opens no TCP port, and
// means no other local process can reach the browser, which matters because
// the browser carries signed-in session cookies. If this process dies,
// Chromium sees its command pipe close and quits by itself.
//
// One reader goroutine per Browser dispatches replies by message id to the
// waiting caller and events to subscribers by session and method, so a
// Browser and its Pages may be used from several goroutines at once.
package browser

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Find returns the path of chromium or chromium-browser on PATH, or an error.
func Find() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("browser: neither chromium nor chromium-browser found on PATH")
}

// Options configures Start. The zero value is usable.
type Options struct {
	Bin           string        // path of the browser; "" means Find()
	Width, Height int           // window size; default 1280×900 (the viewport is a little shorter)
	Timeout       time.Duration // limit per command and per navigation; default 30s
}

// Browser is a running headless Chromium. It is safe for concurrent use.
type Browser struct {
	cmd     *exec.Cmd
	out     *os.File // our end of Chromium's fd 3
	in      *os.File // our end of Chromium's fd 4
	dir     string   // temporary --user-data-dir
	stderr  *tail
	timeout time.Duration

	writeMu sync.Mutex

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan message
	subs    map[*subscription]struct{}
	closing bool

	exited  chan struct{} // closed after cmd.Wait returns
	waitErr error
	dead    chan struct{} // closed when the reader stops; deadErr is then set
	deadErr error

	closeOnce sync.Once
	closeErr  error
}

// message is every CDP frame: a command, a reply or an event.
type message struct {
	ID        int64           `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error,omitempty"`
}

// Start launches a fresh headless Chromium with its own temporary
// --user-data-dir (removed on Close). ctx bounds only the start-up; the
// browser runs until Close. Chromium's stderr (its last few KB) is quoted in
// errors, because that is where it says why it failed.
func Start(ctx context.Context, o Options) (*Browser, error) {
	if o.Bin == "" {
		bin, err := Find()
		if err != nil {
			return nil, err
		}
		o.Bin = bin
	}
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 1280, 900
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	dir, err := os.MkdirTemp("", "pejling-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: create profile dir: %w", err)
	}
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("browser: pipe: %w", err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("browser: pipe: %w", err)
	}
	b := &Browser{
		out: cmdW, in: evR, dir: dir, stderr: &tail{max: 8 << 10},
		timeout: o.Timeout,
		pending: map[int64]chan message{}, subs: map[*subscription]struct{}{},
		exited: make(chan struct{}), dead: make(chan struct{}),
	}
	b.cmd = exec.Command(o.Bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--disable-quic", "--remote-debugging-pipe",
		fmt.Sprintf("--window-size=%d,%d", o.Width, o.Height),
		"--user-data-dir="+dir)
	b.cmd.ExtraFiles = []*os.File{cmdR, evW} // become fd 3 and fd 4
	b.cmd.Stderr = b.stderr
	// Helper processes may inherit stderr; do not let them hold up Wait.
	b.cmd.WaitDelay = 2 * time.Second
	err = b.cmd.Start()
	cmdR.Close() // the child holds its own copies now
	evW.Close()
	if err != nil {
		cmdW.Close()
		evR.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("browser: start %s: %w", o.Bin, err)
	}
	go func() {
		b.waitErr = b.cmd.Wait()
		close(b.exited)
	}()
	go b.read()

	if err := b.call(ctx, "", "Browser.getVersion", nil, nil); err != nil {
		b.Close()
		return nil, fmt.Errorf("browser: start %s: %w", o.Bin, err)
	}
	return b, nil
}

// Close asks Chromium to quit, kills it if it has not exited after a grace
// period, waits for it and removes its profile directory. It is safe to call
// more than once; later calls return the first call's result.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		b.mu.Lock()
		b.closing = true
		b.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		b.call(ctx, "", "Browser.close", nil, nil) // the reply may never come
		cancel()
		select {
		case <-b.exited:
		case <-time.After(3 * time.Second):
			b.cmd.Process.Kill()
			<-b.exited
		}
		b.out.Close()
		select {
		case <-b.dead:
		case <-time.After(2 * time.Second):
			// A helper process still holds fd 4 open; stop reading anyway.
			b.in.Close()
			<-b.dead
		}
		b.in.Close()
		// Helper processes may still be writing into the profile for a moment.
		for i := 0; i < 20; i++ {
			if b.closeErr = os.RemoveAll(b.dir); b.closeErr == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if b.closeErr != nil {
			b.closeErr = fmt.Errorf("browser: remove profile: %w", b.closeErr)
		}
	})
	return b.closeErr
}

// read is the one goroutine that reads fd 4. It ends when Chromium closes the
// pipe, and then fails every pending and future call with deadErr.
func (b *Browser) read() {
	r := bufio.NewReaderSize(b.in, 64<<10)
	var err error
	for {
		var frame []byte
		frame, err = r.ReadBytes(0)
		if err != nil {
			break
		}
		var m message
		if err := json.Unmarshal(frame[:len(frame)-1], &m); err != nil {
			continue // not ours to fix; the caller will time out
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				delete(b.pending, m.ID)
				ch <- m // buffered
			}
		} else {
			for s := range b.subs {
				if s.session == m.SessionID && s.methods[m.Method] {
					s.push(m)
				}
			}
		}
		b.mu.Unlock()
	}
	b.mu.Lock()
	closing := b.closing
	b.mu.Unlock()
	if closing {
		b.deadErr = errors.New("browser: closed")
	} else {
		select {
		case <-b.exited:
		case <-time.After(2 * time.Second):
		}
		msg := fmt.Sprintf("browser: chromium exited (%v)", err)
		select {
		case <-b.exited:
			msg = fmt.Sprintf("browser: chromium exited (%v)", b.waitErr)
		default:
		}
		if s := b.stderr.String(); s != "" {
			msg += "; stderr: " + s
		}
		b.deadErr = errors.New(msg)
	}
	close(b.dead)
}

// call sends one command on session ("" is the browser itself) and unmarshals
// its result into result, which may be nil.
func (b *Browser) call(ctx context.Context, session, method string, params, result any) error {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	select {
	case <-b.dead:
		return b.deadErr
	default:
	}
	raw, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("browser: %s: %w", method, err)
	}
	if params == nil {
		raw = nil
	}
	ch := make(chan message, 1)
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	b.pending[id] = ch
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
	}()

	frame, err := json.Marshal(message{ID: id, SessionID: session, Method: method, Params: raw})
	if err != nil {
		return fmt.Errorf("browser: %s: %w", method, err)
	}
	b.writeMu.Lock()
	deadline, _ := ctx.Deadline()
	b.out.SetWriteDeadline(deadline) // a wedged browser must not block us forever
	_, err = b.out.Write(append(frame, 0))
	b.writeMu.Unlock()
	if err != nil {
		select { // a broken pipe means Chromium is gone; say why
		case <-b.dead:
			return b.deadErr
		case <-ctx.Done():
			return fmt.Errorf("browser: %s: send: %w", method, err)
		}
	}

	select {
	case m := <-ch:
		if m.Error != nil {
			if m.Error.Data != "" {
				return fmt.Errorf("browser: %s: %s (%s)", method, m.Error.Message, m.Error.Data)
			}
			return fmt.Errorf("browser: %s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("browser: %s: decode result: %w", method, err)
			}
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("browser: %s: %w", method, ctx.Err())
	case <-b.dead:
		return b.deadErr
	}
}

// subscription queues events for one session and a set of methods. The queue
// is unbounded so that the reader never blocks on a slow subscriber.
type subscription struct {
	session string
	methods map[string]bool
	mu      sync.Mutex
	queue   []message
	ready   chan struct{} // capacity 1: "the queue may be non-empty"
}

// subscribe must be called before the command whose events are wanted, so
// that none are missed. The caller must call unsubscribe.
func (b *Browser) subscribe(session string, methods ...string) *subscription {
	s := &subscription{session: session, methods: map[string]bool{}, ready: make(chan struct{}, 1)}
	for _, m := range methods {
		s.methods[m] = true
	}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

func (b *Browser) unsubscribe(s *subscription) {
	b.mu.Lock()
	delete(b.subs, s)
	b.mu.Unlock()
}

func (s *subscription) push(m message) {
	s.mu.Lock()
	s.queue = append(s.queue, m)
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// next returns the next queued event, waiting for one if need be.
func (b *Browser) next(ctx context.Context, s *subscription) (message, error) {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			m := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			return m, nil
		}
		s.mu.Unlock()
		select {
		case <-s.ready:
		case <-ctx.Done():
			return message{}, ctx.Err()
		case <-b.dead:
			return message{}, b.deadErr
		}
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.buf))
}
