using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Adapters.RouterOs.Tests.Tls;
using FirewallGateway.Emulators.RouterOs;

namespace FirewallGateway.Adapters.RouterOs.Tests.Api;

/// <summary>The client against the emulator over real loopback sockets.</summary>
public sealed class ApiConnectionTests
{
    private const string Menu = "/ip/firewall/address-list";

    [Fact]
    public async Task Login_PostV643_LogsInAndRuns()
    {
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync();
        var reply = await connection.RunAsync(new ApiCommand(Menu + "/print").Query("list=none"), CancellationToken.None);
        Assert.True(reply.Succeeded);
        Assert.Equal(1, router.Emulator.LoginsSucceeded);
    }

    [Fact]
    public async Task Login_PreV643Router_FallsBackToMd5Challenge()
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.LegacyLogin = true;
        var connection = await router.ConnectAsync();
        Assert.True((await connection.RunAsync(new ApiCommand(Menu + "/print"), CancellationToken.None)).Succeeded);
        Assert.Equal(1, router.Emulator.LoginsSucceeded);
    }

    [Theory]
    [InlineData(false, "invalid user name or password (6)")]
    [InlineData(true, "cannot log in")]
    public async Task Login_WrongPassword_ClearLoginError(bool legacy, string routerText)
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.LegacyLogin = legacy;
        var error = await Assert.ThrowsAsync<RouterOsLoginException>(() => router.ConnectAsync(router.Endpoint(password: "wrong")));
        Assert.Contains("refused the login of user 'gateway'", error.Message, StringComparison.Ordinal);
        Assert.Contains(routerText, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunMany_RepliesComeBackNewestFirst_EachRoutedByItsTag()
    {
        await using var router = await TestRouter.StartAsync();
        for (int i = 1; i <= 40; i++)
        {
            router.Emulator.AddEntry("l", $"1.2.3.{i}", comment: $"c{i}");
        }

        router.Emulator.ReverseReplies = true;
        var connection = await router.ConnectAsync();
        var commands = Enumerable.Range(1, 40).Select(i => new ApiCommand(Menu + "/print").Query($"address=1.2.3.{i}")).ToList();
        var replies = await connection.RunManyAsync(commands, 40, CancellationToken.None);
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal($"c{i + 1}", Assert.Single(replies[i].Rows)["comment"]);
        }
    }

    [Fact]
    public async Task RunMany_Pipelined_OneRoundTripPerChunk()
    {
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync();
        var commands = Enumerable.Range(0, 2000).Select(i => new ApiCommand(Menu + "/add").With("list", "l").With("address", $"1.0.{i / 250}.{(i % 250) + 1}")).ToList();
        var replies = await connection.RunManyAsync(commands, 500, CancellationToken.None);
        Assert.All(replies, r => Assert.StartsWith("*", r.Ret, StringComparison.Ordinal));
        Assert.Equal(4, connection.RoundTrips);
        Assert.Equal(2000, router.Emulator.Entries().Count);
    }

    [Fact]
    public async Task Run_DuplicateAdd_TrapWithMessage()
    {
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync();
        var add = new ApiCommand(Menu + "/add").With("list", "l").With("address", "1.2.3.4");
        Assert.True((await connection.RunAsync(add, CancellationToken.None)).Succeeded);
        var trap = (await connection.RunAsync(add, CancellationToken.None)).Trap;
        Assert.Equal("failure: already have such entry", trap?.Message);
        var bad = await connection.RunAsync(new ApiCommand(Menu + "/add").With("list", "l").With("address", "1.2.3.4/33"), CancellationToken.None);
        Assert.Equal(1, bad.Trap?.Category);
        Assert.Throws<RouterOsTrapException>(() => bad.EnsureSuccess("adding"));
        Assert.True(connection.IsOpen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_QueryMatchesNothing_ZeroRowsWithOrWithoutEmpty(bool sendEmpty)
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.SendEmpty = sendEmpty;
        var connection = await router.ConnectAsync();
        var reply = await connection.RunAsync(new ApiCommand(Menu + "/print").Query("list=nothing"), CancellationToken.None);
        Assert.Empty(reply.Rows);
        Assert.Equal(sendEmpty, reply.Empty);
        Assert.True(reply.Succeeded);
    }

    [Fact]
    public async Task Run_Quit_FatalWithBareWordReasonEndsConnection()
    {
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync();
        var error = await Assert.ThrowsAsync<RouterOsFatalException>(() => connection.RunAsync(new ApiCommand("/quit"), CancellationToken.None));
        Assert.Equal("session terminated on request", error.Reason);
        Assert.False(connection.IsOpen);
        await Assert.ThrowsAnyAsync<RouterOsException>(() => connection.RunAsync(new ApiCommand(Menu + "/print"), CancellationToken.None));
    }

    [Fact]
    public async Task Tls_PinnedFingerprint_Connects()
    {
        await using var router = await TestRouter.StartAsync(tls: true);
        var connection = await router.ConnectAsync();
        Assert.True((await connection.RunAsync(new ApiCommand(Menu + "/print"), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Tls_Tls13EcdsaRouter_ConnectsOverTls13()
    {
        await using var router = await TestRouter.StartAsync(tls: true);
        var connection = await router.ConnectAsync();
        Assert.True((await connection.RunAsync(new ApiCommand(Menu + "/print"), CancellationToken.None)).Succeeded);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, connection.TlsProtocol);
    }

    [Fact]
    public async Task Tls_Tls12DheRsaRouter_ConnectsAndRuns()
    {
        await using var router = await TestRouter.StartAsync();
        await using var front = await DheRsaTlsFront.StartAsync(router.Emulator.Port, 2048);
        var endpoint = router.Endpoint(fingerprint: front.CertificateFingerprint) with { Port = front.Port, Tls = true };

        var connection = await router.ConnectAsync(endpoint);

        Assert.True((await connection.RunAsync(new ApiCommand(Menu + "/print"), CancellationToken.None)).Succeeded);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, connection.TlsProtocol);
        Assert.Equal(1, router.Emulator.LoginsSucceeded);
    }

    [Fact]
    public async Task Tls_Tls12DheRsaRouterWith1024BitGroup_ErrorNamesCipherProblemAndFix()
    {
        await using var router = await TestRouter.StartAsync();
        await using var front = await DheRsaTlsFront.StartAsync(router.Emulator.Port, 1024);
        var endpoint = router.Endpoint(fingerprint: front.CertificateFingerprint) with { Port = front.Port, Tls = true };

        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() => router.ConnectAsync(endpoint));

        Assert.DoesNotContain("see inner exception", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DHE-RSA ciphers with a Diffie-Hellman group under 2048 bits", error.Message, StringComparison.Ordinal);
        Assert.Contains("/ip service set api-ssl certificate=", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, router.Emulator.LoginsSucceeded);
    }

    [Fact]
    public async Task Tls_FingerprintMismatch_ClearErrorNoLogin()
    {
        await using var router = await TestRouter.StartAsync(tls: true);
        string wrong = new('A', 64);
        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() => router.ConnectAsync(router.Endpoint(fingerprint: wrong)));
        Assert.Contains($"SHA-256 fingerprint {router.Emulator.CertificateFingerprint}, not the pinned {wrong}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, router.Emulator.LoginsSucceeded);
    }

    [Fact]
    public async Task Tls_SelfSignedWithoutPin_RefusedByCaValidation()
    {
        await using var router = await TestRouter.StartAsync(tls: true);
        var endpoint = router.Endpoint() with { CertificateFingerprint = null };
        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() => router.ConnectAsync(endpoint));
        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmulatorFault.Garbage, "'hello' where a reply word")]
    [InlineData(EmulatorFault.HugeLength, "word of 1073741824 bytes")]
    [InlineData(EmulatorFault.ControlByte, "control byte 0xF8")]
    [InlineData(EmulatorFault.StallMidSentence, "stopped in the middle of a sentence")]
    [InlineData(EmulatorFault.Silence, "did not answer")]
    [InlineData(EmulatorFault.Fatal, "ended the session: out of memory")]
    [InlineData(EmulatorFault.Close, "closed the connection")]
    public async Task Run_HostileRouter_ClearErrorWithinReadTimeoutThenReconnects(EmulatorFault fault, string expected)
    {
        // 2 s, not less: the emulator shares the thread pool with the rest of this project's parallel tests, and
        // on a loaded 2-core machine its fault write was once later than a 0.5 s read timeout.
        var readTimeout = TimeSpan.FromSeconds(2);
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync(router.Endpoint(readTimeout: readTimeout));
        router.Emulator.InjectFault(fault);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<RouterOsException>(() => connection.RunManyAsync([new ApiCommand(Menu + "/print"), new ApiCommand(Menu + "/print")], 2, CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < readTimeout + TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.False(connection.IsOpen);

        var again = await router.ConnectAsync();
        Assert.True((await again.RunAsync(new ApiCommand(Menu + "/print"), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Connect_PeerThatNeverSpeaksTls_ConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var endpoint = new ApiEndpoint("127.0.0.1", port, true, new string('A', 64), null, "u", "p", TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() =>
            ApiConnector.ConnectAsync(endpoint, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("connect timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_PeerThatNeverAnswersLogin_ConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var endpoint = new ApiEndpoint("127.0.0.1", port, false, null, null, "u", "p", TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() =>
            ApiConnector.ConnectAsync(endpoint, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("did not answer the login within 0.3 s (connect timeout)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_NothingListening_ClearError()
    {
        int port = FirewallGateway.TestSupport.Loopback.FreeTcpPort();
        var endpoint = new ApiEndpoint("127.0.0.1", port, false, null, null, "u", "p", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() =>
            ApiConnector.ConnectAsync(endpoint, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None));
        Assert.Contains($"cannot connect to 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }
}
