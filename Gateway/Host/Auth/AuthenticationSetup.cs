using System.Security.Claims;
using FirewallGateway.Core.Security;
using idunno.Authentication.Basic;

namespace FirewallGateway.Auth;

/// <summary>HTTP Basic authentication per reporter/operator (idunno.Authentication.Basic) and the two role policies.</summary>
internal static class AuthenticationSetup
{
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<CredentialValidator>();
        services.AddSingleton<PasswordCheckSlots>();
        services.AddAuthentication(BasicAuthenticationDefaults.AuthenticationScheme)
            .AddBasic(options =>
            {
                options.Realm = "FirewallGateway";

                // The default listener is loopback; remote reporters go through TLS (Kestrel HTTPS or a proxy), see docs.
                options.AllowInsecureProtocol = true;
                options.Events = new BasicAuthenticationEvents
                {
                    OnValidateCredentials = async context =>
                    {
                        var validator = context.HttpContext.RequestServices.GetRequiredService<CredentialValidator>();
                        var check = await validator.ValidateAsync(
                            context.HttpContext.Connection.RemoteIpAddress, context.Username, context.Password, context.HttpContext.RequestAborted);
                        if (check.RetryAfter is { } retryAfter)
                        {
                            LoginThrottleResponses.MarkThrottled(context.HttpContext, retryAfter);
                            context.Fail("too many failed logins");
                            return;
                        }

                        if (check.Role is not { } role)
                        {
                            context.Fail("invalid credentials");
                            return;
                        }

                        Claim[] claims =
                        [
                            new(ClaimTypes.NameIdentifier, context.Username, ClaimValueTypes.String, context.Options.ClaimsIssuer),
                            new(ClaimTypes.Name, context.Username, ClaimValueTypes.String, context.Options.ClaimsIssuer),
                            new(ClaimTypes.Role, role, ClaimValueTypes.String, context.Options.ClaimsIssuer),
                        ];
                        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, context.Scheme.Name));
                        context.Success();
                    },
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayRoles.ReportPolicy, policy => policy.RequireRole(GatewayRoles.Reporter, GatewayRoles.Operator))
            .AddPolicy(GatewayRoles.OperatorPolicy, policy => policy.RequireRole(GatewayRoles.Operator));
        return services;
    }
}
