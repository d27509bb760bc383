using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>
/// The dashboard's defences, tried from a real browser and from plain HTTP: hostile report strings stay text,
/// changes without the session's CSRF token are refused, reporter logins are refused, logout ends the session.
/// </summary>
public sealed class DashboardSecurityTests : IClassFixture<DashboardFixture>
{
    private const string HostileEvidence =
        "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> javascript:window.__pwned=3 <a href=\"javascript:alert(1)\">x</a>";

    private readonly DashboardFixture _fixture;

    public DashboardSecurityTests(DashboardFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task HostileReportEvidence_ShownAsTextNeverRun()
    {
        await _fixture.ReportAsync("hostile1", "sshd", ["1.0.66.6"], HostileEvidence);
        var browser = await _fixture.LoggedInAsync();

        await browser.ShowAsync("#/why/1.0.66.6", "#why-reports");
        var evidence = await browser.WaitForAsync("#why-reports .evidence", e => e.Text.Length > 0);

        Assert.Contains("<script>window.__pwned = 1</script>", evidence.Text, StringComparison.Ordinal);
        Assert.Contains("javascript:window.__pwned=3", evidence.Text, StringComparison.Ordinal);
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("#view script, #view img, #view a[href^='javascript']")));
        Assert.Null(browser.Script("return window.__pwned === undefined ? null : window.__pwned;"));
        browser.Screenshot("hostile-evidence");
    }

    [Fact]
    public async Task DashboardPages_SentWithAStrictContentSecurityPolicy()
    {
        using var http = new HttpClient { BaseAddress = _fixture.Gateway.BaseAddress };
        using var page = await http.GetAsync("ui/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginCookie_HttpOnlyStrictAndNotReadableByTheSessionPage()
    {
        var (user, password) = _fixture.Operator;
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _fixture.Gateway.BaseAddress };

        using var login = await http.PostAsJsonAsync("ui/session", new { name = user, password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        string cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP on loopback here; Secure under HTTPS

        var browser = await _fixture.LoggedInAsync();
        Assert.DoesNotContain("fwgw_session", (string)browser.Script("return document.cookie;")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeWithoutCsrfToken_FromTheBrowserSession_Refused403()
    {
        var browser = await _fixture.LoggedInAsync();
        const string post = """
            const done = arguments[arguments.length - 1];
            fetch('/api/v1/decisions', { method: 'POST', credentials: 'same-origin',
              headers: { 'Content-Type': 'application/json', 'X-Dashboard': '1' }, body: JSON.stringify({ address: arguments[0] }) })
              .then(async r => done(r.status + ' ' + await r.text()), e => done('error ' + e));
            """;

        string answer = (string)browser.AsyncScript(post, "1.0.88.8")!;

        Assert.StartsWith("403 ", answer, StringComparison.Ordinal);
        Assert.Contains("\"csrf\"", answer, StringComparison.Ordinal);
        using var client = _fixture.Gateway.OperatorClient();
        using var decisions = JsonDocument.Parse(await client.GetStringAsync("api/v1/decisions?address=1.0.88.8&state=all"));
        Assert.Equal(0, decisions.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task ChangeWithWrongCsrfToken_WithTheSessionCookie_Refused_BasicClientNotAsked()
    {
        var (http, _, token) = await LogInOverHttpAsync();
        using var client = http;

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "api/v1/decisions") { Content = JsonContent.Create(new { address = "1.0.89.9" }) };
        wrong.Headers.Add("X-CSRF-Token", token + "x");
        using var refused = await http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Post, "api/v1/decisions") { Content = JsonContent.Create(new { address = "1.0.89.9" }) };
        right.Headers.Add("X-CSRF-Token", token);
        using var accepted = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);

        // Basic clients (CLI, scripts, reporters) are not browsers: no token asked.
        using var basic = await _fixture.OperatorPostAsync("api/v1/unlock", new { address = "1.0.89.9" });
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Fact]
    public async Task ReporterLogin_InTheBrowser_RefusedWithTheReason()
    {
        string password = await _fixture.Gateway.CreateReporterAsync("reporter-ui");
        var browser = _fixture.Browser;

        await browser.LogInAsync("reporter-ui", password);

        await browser.WaitForTextAsync("#login-error", "may only report");
        Assert.False(browser.Visible("#shell"));
        browser.Screenshot("reporter-refused");
        using var http = new HttpClient { BaseAddress = _fixture.Gateway.BaseAddress };
        using var api = await http.PostAsJsonAsync("ui/session", new { name = "reporter-ui", password });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Empty(api.Headers.TryGetValues("Set-Cookie", out var set) ? set : []);
    }

    [Fact]
    public async Task WrongPassword_InTheBrowser_RefusedAndNoSession()
    {
        var (user, _) = _fixture.Operator;
        var browser = _fixture.Browser;

        await browser.LogInAsync(user, "not-the-password");

        await browser.WaitForTextAsync("#login-error", "wrong name or password");
        Assert.False(browser.Visible("#shell"));
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer()
    {
        var (http, cookies, token) = await LogInOverHttpAsync();
        using var client = http;
        var sessionCookie = cookies.GetCookies(_fixture.Gateway.BaseAddress)["fwgw_session"]!;
        using (var before = await http.GetAsync("api/v1/targets"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var logout = new HttpRequestMessage(HttpMethod.Delete, "ui/session");
        logout.Headers.Add("X-CSRF-Token", token);
        using (var done = await http.SendAsync(logout))
        {
            Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        }

        // Replaying the old cookie (as a thief would) gets nothing: the session is gone on the server.
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _fixture.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/targets");
        request.Headers.Add("Cookie", $"fwgw_session={sessionCookie.Value}");
        using var after = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Empty(after.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task LogoutButton_InTheBrowser_ShowsTheLoginAgain()
    {
        var browser = await _fixture.LoggedInAsync();

        browser.Click("#logout");

        await browser.WaitForTextAsync("#login-error", "Logged out");
        browser.Open("ui/#/decisions");
        await browser.WaitForAsync("#login");
        Assert.False(browser.Visible("#shell"));
    }

    [Fact]
    public async Task BasicClient_WithoutCookie_StillGetsTheBasicChallenge()
    {
        using var http = new HttpClient { BaseAddress = _fixture.Gateway.BaseAddress };
        using var response = await http.GetAsync("api/v1/decisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "bm9ib2R5Om5vdGhpbmc=");
        using var wrong = await http.GetAsync("api/v1/decisions");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    /// <summary>A dashboard login the way the page makes it, from a client that keeps the session cookie.</summary>
    private async Task<(HttpClient Client, CookieContainer Cookies, string CsrfToken)> LogInOverHttpAsync()
    {
        var (user, password) = _fixture.Operator;
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = _fixture.Gateway.BaseAddress };
        using var login = await http.PostAsJsonAsync("ui/session", new { name = user, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return (http, cookies, json.RootElement.GetProperty("csrfToken").GetString()!);
    }
}
