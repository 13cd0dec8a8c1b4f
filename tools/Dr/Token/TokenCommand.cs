using System.CommandLine;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Security;

namespace DefectRefine.Cli.Token;

/// <summary>
/// <c>dr token --user ann --role labeller</c>: a bearer token signed with the local key (Auth__SigningKey), for local
/// installs, the demo and scripts; <c>--project-role line-3:labeller</c> adds a role in one project (docs/security.md).
/// Prints only the token: <c>export DR_TOKEN=$(./dr token --user ann --role admin)</c>.
/// A plant with an identity provider issues its tokens there instead.
/// </summary>
public static class TokenCommand
{
    public static Command Build()
    {
        var user = new Option<string>("--user", "-u") { Description = "Who the token names; every change made with it is recorded under this name.", Required = true };
        var role = new Option<string[]>("--role", "-r") { Description = $"A role ({string.Join(", ", Roles.All)}); repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var projectRole = new Option<string[]>("--project-role", "-p")
        {
            Description = "A role in one project, as <project id or name>:<role> (what lets a labeller or auditor reach that project); repeat for several.",
            AllowMultipleArgumentsPerToken = true,
        };
        var hours = new Option<double>("--hours") { Description = $"How long the token is valid (one shift by default; at most {LocalTokens.MaximumLifetime.TotalHours:F0}).", DefaultValueFactory = _ => LocalTokens.DefaultLifetime.TotalHours };
        var command = new Command("token", "Issue a bearer token signed with the local key (Auth__SigningKey, else the one scripts/services.sh saved here).") { user, role, projectRole, hours };
        command.SetAction(parse =>
        {
            try
            {
                var options = CliCredentials.LocalAuthOptions();
                options.SigningKeyBytes();
                var lifetime = parse.GetValue(hours) is var h && double.IsFinite(h) && h > 0 && h <= LocalTokens.MaximumLifetime.TotalHours
                    ? TimeSpan.FromHours(h)
                    : throw new ArgumentException($"--hours must be above 0 and at most {LocalTokens.MaximumLifetime.TotalHours:F0}, not {h}.");
                Console.WriteLine(LocalTokens.Issue(options, parse.GetValue(user)!, parse.GetValue(role)!, lifetime, projectRoles: parse.GetValue(projectRole)));
                return 0;
            }
            catch (Exception error) when (error is ArgumentException or AuthConfigurationException)
            {
                Console.Error.WriteLine($"dr token: {error.Message}");
                return 2;
            }
        });
        return command;
    }
}
