using Workflow.Torch.Runtime;

namespace Workflow.Pipeline;

/// <summary>Checks that the device a torch stage will run on exists, before the stage downloads or writes anything (probe #13).</summary>
internal static class DevicePrecondition
{
    /// <summary>Resolves <paramref name="device"/>; a <see cref="UserError"/> when it is not usable here (e.g. cuda without a GPU).</summary>
    public static void Check(string device)
    {
        try
        {
            ComputeDevice.Resolve(device);
        }
        catch (ArgumentException e)
        {
            // The message without ArgumentException's "(Parameter 'name')" suffix.
            throw new UserError(e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal), inner: e);
        }
    }
}
