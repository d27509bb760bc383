using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// One SSH connection to the firewall, reused for every command and reopened when it drops. The host key is
/// checked before authentication (pinned, or trusted on first use only when configured), each command has a
/// deadline, and a command that times out closes the connection so no half-finished channel is reused.
/// </summary>
internal sealed class SshConnection : ISshCommandRunner
{
    private readonly string _target;
    private readonly Fail2banSshOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SshClient? _client;
    private string? _pinned;
    private string? _mismatch;

    public SshConnection(string target, Fail2banSshOptions options, ILogger logger)
    {
        _target = target;
        _options = options;
        _logger = logger;
        _pinned = options.HostKeySha256 is { } pin ? HostKeyPin.Normalize(pin) : null;
    }

    public async Task<SshCommandResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            bool fresh = _client is not { IsConnected: true };
            try
            {
                return await RunOnceAsync(command, cancellationToken);
            }
            catch (Exception ex) when (!fresh && IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                // A reused connection can be dead without knowing it (sshd restarted, NAT dropped it). Every
                // command the adapter sends is idempotent, so one retry on a new connection is safe.
                Log.Retrying(_logger, _target, ex);
                Drop(ex.Message);
                return await RunOnceAsync(command, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SshCommandResult> RunOnceAsync(string command, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.CommandTimeout);
        try
        {
            var client = await ConnectedClientAsync(deadline.Token);
            using var remote = client.CreateCommand(command);
            remote.CommandTimeout = _options.CommandTimeout;
            await remote.ExecuteAsync(deadline.Token);
            return new SshCommandResult(remote.ExitStatus, remote.Result, remote.Error);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Drop("command timed out");
            throw new TimeoutException($"no answer from {_options.Host}:{_options.Port} within {_options.CommandTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (IsTransportFailure(ex) || ex is OperationCanceledException)
        {
            Drop(ex.Message);
            throw;
        }
    }

    private async Task<SshClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            return client;
        }

        _client?.Dispose();
        _client = null;
        _mismatch = null;
        var info = new ConnectionInfo(_options.Host, _options.Port, _options.User, new PrivateKeyAuthenticationMethod(_options.User, LoadKey()))
        {
            Timeout = _options.CommandTimeout,
        };
        client = new SshClient(info);
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = "SHA256:" + e.FingerPrintSHA256.TrimEnd('=');
            e.CanTrust = _pinned is null ? _options.TrustOnFirstUse : string.Equals(_pinned, presented, StringComparison.Ordinal);
            if (!e.CanTrust)
            {
                _mismatch = presented;
            }
        };
        if (_options.KeepAlive > TimeSpan.Zero)
        {
            client.KeepAliveInterval = _options.KeepAlive;
        }

        try
        {
            await client.ConnectAsync(cancellationToken);
        }
        catch (Exception) when (_mismatch is { } bad)
        {
            client.Dispose();
            string expected = _pinned ?? "(none pinned and TrustOnFirstUse off)";
            Log.HostKeyMismatch(_logger, _target, expected, bad);
            throw new HostKeyMismatchException(expected, bad);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        if (_pinned is null && presented is not null)
        {
            _pinned = presented;
            Log.TrustedOnFirstUse(_logger, _target, presented);
        }

        client.ErrorOccurred += (_, e) => Log.ConnectionDropped(_logger, _target, e.Exception.Message);
        Log.Connected(_logger, _target, _options.User, _options.Host, _options.Port, presented ?? "?");
        _client = client;
        return client;
    }

    private PrivateKeyFile LoadKey()
    {
        string? passphrase = _options.KeyPassphrase;
        if (string.IsNullOrEmpty(passphrase) && !string.IsNullOrEmpty(_options.KeyPassphraseFile))
        {
            passphrase = File.ReadLines(_options.KeyPassphraseFile).FirstOrDefault() ?? string.Empty;
        }

        return string.IsNullOrEmpty(passphrase) ? new PrivateKeyFile(_options.KeyFile) : new PrivateKeyFile(_options.KeyFile, passphrase);
    }

    private void Drop(string reason)
    {
        if (_client is null)
        {
            return;
        }

        Log.ConnectionDropped(_logger, _target, reason);
        try
        {
            _client.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }

        _client = null;
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is SshConnectionException or SocketException or SshOperationTimeoutException or ObjectDisposedException or IOException
        || (ex is InvalidOperationException && ex.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));
}
