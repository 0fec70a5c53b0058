// Package deploy holds no code: it is the module of the tests that check the deployment files
// beside it (deploy/Dockerfile, deploy/compose, deploy/k8s and the repository's .dockerignore)
// without a container engine or a cluster. See README.md in this directory.
package deploy
