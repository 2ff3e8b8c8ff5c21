"""List data on disk: definitions, discovery, versioned snapshots, the catalog, updates."""
