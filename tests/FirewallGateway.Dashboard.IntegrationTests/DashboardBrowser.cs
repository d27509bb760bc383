using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromedriver: both binaries are given by path, so
/// Selenium never looks for (or downloads) a browser or driver. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class DashboardBrowser : IDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private readonly ChromeDriver _driver;
    private readonly string _profile;
    private readonly Uri _baseAddress;

    public DashboardBrowser(Uri baseAddress)
    {
        _baseAddress = baseAddress;
        _profile = Directory.CreateTempSubdirectory("issue-17-chromium-").FullName;

        // Belt and braces: even if some path asked Selenium Manager, it must not go online.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + _profile);
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
    }

    public IWebDriver Driver => _driver;

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public void Open(string path) => _driver.Navigate().GoToUrl(new Uri(_baseAddress, path));

    /// <summary>Opens the dashboard and logs in (logging out first when a session is still open).</summary>
    public async Task LogInAsync(string name, string password)
    {
        Open("ui/");
        await WaitUntilAsync(() => Visible("#login") || Visible("#shell"), "the login form or the dashboard");
        if (Visible("#shell"))
        {
            Click("#logout");
            await WaitUntilAsync(() => Visible("#login"), "the login form after logout");
        }

        Fill("#login-name", name);
        Fill("#login-password", password);
        Click("#login-submit");
    }

    /// <summary>Goes to a page (<c>#/decisions</c>), or reloads it when it is already shown, and waits until it has rendered.</summary>
    public async Task ShowAsync(string route, string readySelector)
    {
        var url = new Uri(_baseAddress, "ui/" + route);
        if (_driver.Url == url.ToString())
        {
            // The same URL with a fragment is no navigation at all: reload to see the gateway's current data.
            _driver.Navigate().Refresh();
        }
        else
        {
            _driver.Navigate().GoToUrl(url);
        }

        await WaitForAsync($"#view[data-route='{route}']");
        await WaitForAsync(readySelector);
    }

    public async Task<IWebElement> WaitForAsync(string selector, Func<IWebElement, bool>? condition = null, string? what = null)
    {
        IWebElement? found = null;
        await WaitUntilAsync(
            () =>
            {
                try
                {
                    found = _driver.FindElements(By.CssSelector(selector)).FirstOrDefault(e => IsUsable(e) && (condition?.Invoke(e) ?? true));
                    return found is not null;
                }
                catch (StaleElementReferenceException)
                {
                    // The page re-rendered between finding and reading: look again.
                    return false;
                }
            },
            what ?? selector);
        return found!;
    }

    public Task<IWebElement> WaitForTextAsync(string selector, string text) =>
        WaitForAsync(selector, e => e.Text.Contains(text, StringComparison.Ordinal), $"'{text}' in {selector} (now: {TextOf(selector)})");

    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.WaitUntilAsync(() => Task.FromResult(condition()), WaitTimeout, what);

    public bool Visible(string selector) => _driver.FindElements(By.CssSelector(selector)).Any(IsUsable);

    public string TextOf(string selector)
    {
        try
        {
            return string.Join(" | ", _driver.FindElements(By.CssSelector(selector)).Select(e => e.Text));
        }
        catch (StaleElementReferenceException)
        {
            return string.Empty;
        }
    }

    public void Click(string selector) => _driver.FindElement(By.CssSelector(selector)).Click();

    public void Fill(string selector, string text)
    {
        var input = _driver.FindElement(By.CssSelector(selector));
        input.Clear();
        input.SendKeys(text);
    }

    public object? Script(string script, params object[] arguments) => _driver.ExecuteScript(script, arguments);

    public object? AsyncScript(string script, params object[] arguments) => _driver.ExecuteAsyncScript(script, arguments);

    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        string path = Path.Combine(ScreenshotFolder, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsUsable(IWebElement element)
    {
        try
        {
            return element.Displayed;
        }
        catch (StaleElementReferenceException)
        {
            return false;
        }
    }
}
