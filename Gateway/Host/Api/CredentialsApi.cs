using System.Text.RegularExpressions;
using FirewallGateway.Auth;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary><c>/api/v1/credentials</c>: reporter and operator logins (one per reporting host).</summary>
internal static partial class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/credentials").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/", async (ICredentialStore store, CancellationToken cancellationToken) =>
            Results.Json(
                (await store.ListCredentialsAsync(cancellationToken)).Select(c => new CredentialView(c.Name, c.Role, c.Active, c.CreatedAt)).ToList(),
                ApiJsonContext.Default.IReadOnlyListCredentialView));
        group.MapPost("/", AddAsync);
        group.MapDelete("/{name}", RemoveAsync);
        return group;
    }

    private static async Task<IResult> AddAsync(
        HttpContext context, ICredentialStore store, CredentialValidator validator, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, ApiJsonContext.Default.CredentialRequest);
        if (error is not null)
        {
            return error;
        }

        if (request!.Name is null || !NamePattern().IsMatch(request.Name))
        {
            return ApiResults.BadRequest("name", "must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }

        if (!GatewayRoles.IsKnown(request.Role))
        {
            return ApiResults.BadRequest("role", $"'{request.Role}' is not a role: use '{GatewayRoles.Reporter}' or '{GatewayRoles.Operator}'");
        }

        if (request.Password is { Length: < 12 })
        {
            return ApiResults.BadRequest("password", "must be at least 12 characters (leave it out to get a generated one)");
        }

        string password = request.Password ?? PasswordHasher.NewPassword();
        await store.UpsertCredentialAsync(new Credential(request.Name, request.Role!, PasswordHasher.Hash(password), true, time.GetUtcNow()), cancellationToken);
        validator.Forget(request.Name);
        return Results.Json(new CredentialCreated(request.Name, request.Role!, password), ApiJsonContext.Default.CredentialCreated, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveAsync(string name, HttpContext context, ICredentialStore store, CredentialValidator validator, CancellationToken cancellationToken)
    {
        if (name == context.User.Identity?.Name)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "own-login", "an operator cannot remove the login it is using");
        }

        bool removed = await store.RemoveCredentialAsync(name, cancellationToken);
        validator.Forget(name);
        return removed ? Results.NoContent() : ApiResults.NotFound($"no login '{name}'");
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}\z")]
    private static partial Regex NamePattern();
}
