import type {
  OperatingModelDiffView,
  OperatingModelVersion,
  OperatingModelView,
} from '../operatingModel';
import { MappingClient } from './mappingClient';
import { recordPath, withQuery, type RequestOptions } from './transport';

/** The operating model: the current document, its versions, and a diff between two. */
export abstract class OperatingModelClient extends MappingClient {
  getOperatingModel(
    entityRef: string,
    opts?: RequestOptions,
  ): Promise<OperatingModelView> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/operating-model`,
      undefined,
      opts,
    );
  }

  getOperatingModelVersion(
    entityRef: string,
    version: number,
    opts?: RequestOptions,
  ): Promise<OperatingModelVersion> {
    return this.request(
      'GET',
      `${recordPath(entityRef)}/operating-model/versions/${version}`,
      undefined,
      opts,
    );
  }

  diffOperatingModel(
    entityRef: string,
    from: number,
    to: number,
    opts?: RequestOptions,
  ): Promise<OperatingModelDiffView> {
    return this.request(
      'GET',
      withQuery(`${recordPath(entityRef)}/operating-model/diff`, { from, to }),
      undefined,
      opts,
    );
  }
}
