using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>Opens a TCP (8728) or TLS (8729) connection within the connect timeout and logs in.</summary>
internal static class ApiConnector
{
    public static async Task<ApiConnection> ConnectAsync(ApiEndpoint endpoint, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var stream = await OpenStreamAsync(endpoint, time, cancellationToken).ConfigureAwait(false);
        var connection = new ApiConnection(stream, time, endpoint.ReadTimeout, endpoint.Peer, logger);
        try
        {
            await connection.LoginAsync(endpoint.User, endpoint.Password, endpoint.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Stream> OpenStreamAsync(ApiEndpoint endpoint, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(endpoint.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        string? pinProblem = null;
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, linked.Token).ConfigureAwait(false);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (!endpoint.Tls)
            {
                return network;
            }

            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = endpoint.TlsServerName ?? endpoint.Host,
                        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                            Validate(endpoint, certificate, errors, out pinProblem),
                        CipherSuitesPolicy = RouterCipherSuites.Policy,
                    },
                    linked.Token).ConfigureAwait(false);
                return ssl;
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RouterOsConnectionException(string.Create(CultureInfo.InvariantCulture, $"no connection to {endpoint.Peer} within {endpoint.ConnectTimeout.TotalSeconds:0.###} s (connect timeout)"));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RouterOsConnectionException($"cannot connect to {endpoint.Peer}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            socket.Dispose();
            throw new RouterOsConnectionException($"TLS with {endpoint.Peer} failed: {pinProblem ?? TlsFailure.Describe(ex)}", ex);
        }
    }

    private static bool Validate(ApiEndpoint endpoint, X509Certificate? certificate, SslPolicyErrors errors, out string? problem)
    {
        problem = null;
        if (certificate is null)
        {
            problem = "the router sent no certificate";
            return false;
        }

        if (endpoint.CertificateFingerprint is { } pinned)
        {
            // A pin replaces chain and name checks: routers mostly carry self-signed certificates.
            string actual = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            if (!string.Equals(actual, pinned, StringComparison.OrdinalIgnoreCase))
            {
                problem = $"the router certificate has SHA-256 fingerprint {actual}, not the pinned {pinned.ToUpperInvariant()}";
                return false;
            }

            return true;
        }

        if (errors != SslPolicyErrors.None)
        {
            problem = $"the router certificate is not trusted ({errors}); pin it with CertificateFingerprint or install its CA";
            return false;
        }

        return true;
    }
}
