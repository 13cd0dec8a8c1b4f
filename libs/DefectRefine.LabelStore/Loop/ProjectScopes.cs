using DefectRefine.Loop;
using Marten;

namespace DefectRefine.LabelStore.Loop;

/// <summary>The projects a piece of data belongs to, which is where its access is decided.</summary>
public enum ProjectScope
{
    Project,

    /// <summary>A dataset belongs to every project refined over it.</summary>
    Dataset,

    /// <summary>An image belongs to the projects of its dataset.</summary>
    Image,
}

/// <summary>Finds the projects of a project, dataset or image id, with their members.</summary>
public sealed class ProjectScopes(IDocumentStore store)
{
    public async Task<IReadOnlyList<ProjectLoop>> ProjectsOfAsync(ProjectScope scope, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        switch (scope)
        {
            case ProjectScope.Project:
                return await session.LoadAsync<ProjectLoop>(id, cancellationToken) is { } loop ? [loop] : [];
            case ProjectScope.Dataset:
                return await session.Query<ProjectLoop>().Where(p => p.DatasetId == id).ToListAsync(cancellationToken);
            case ProjectScope.Image:
                var image = await session.LoadAsync<ImageRecord>(id, cancellationToken);
                return image is null ? [] : await session.Query<ProjectLoop>().Where(p => p.DatasetId == image.DatasetId).ToListAsync(cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(scope), scope, null);
        }
    }

    /// <summary>Every project, for lists filtered to what a person may see.</summary>
    public async Task<IReadOnlyList<ProjectLoop>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<ProjectLoop>().ToListAsync(cancellationToken);
    }
}
