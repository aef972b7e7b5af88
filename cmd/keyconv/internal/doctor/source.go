package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/cloudkeypair/keypair/firewall"
)

// maxEchoAnswer caps what an echo service may send: an IPv6 address and a
// newline fit many times over, and a service that sends more is not one.
const maxEchoAnswer = 256

// PublicAddr asks an HTTP echo service, such as [DefaultEchoURL], which
// address the request came from: the caller's public address behind NAT,
// the one a firewall rule must admit. The service must answer 200 with the
// address as plain text. client nil means http.DefaultClient; timeout, if
// positive, bounds the whole request. Its errors have no "doctor: " prefix:
// they are only ever read inside a check's line, after what was checked.
func PublicAddr(ctx context.Context, client *http.Client, echoURL string, timeout time.Duration) (netip.Addr, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, echoURL, nil)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("echo service %s: %w", echoURL, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		// url.Error repeats the method and the URL, which the message
		// already says.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return netip.Addr{}, fmt.Errorf("asking %s for your address: %w", echoURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return netip.Addr{}, fmt.Errorf("%s answered %s", echoURL, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxEchoAnswer+1))
	if err != nil {
		return netip.Addr{}, fmt.Errorf("reading %s's answer: %w", echoURL, err)
	}
	if len(body) > maxEchoAnswer {
		return netip.Addr{}, fmt.Errorf("%s answered more than an address", echoURL)
	}
	addr, err := firewall.ParseAddr(strings.TrimSpace(string(body)))
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%s did not answer with an address", echoURL)
	}
	return addr, nil
}
